package dev.pagerstatus.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class TextTableTest {
    private static final TextTable TABLE =
            new TextTable(List.of("NAME", "WHY", "WHO"), new int[] {4, 10, 3}, new int[] {1, 0, 2});

    @Test
    void aTableThatFitsIsPrintedAsItIsColumnsAsWideAsTheirWidestCell() {
        List<String> lines = TABLE.render(List.of(List.of("API  x", "still open", "acme#1")), 80);

        assertThat(lines).containsExactly("NAME    WHY         WHO", "API  x  still open  acme#1");
    }

    @Test
    void aTableTooWideWrapsItsShrinkableColumnsAtSpacesKeepingEveryWord() {
        List<String> lines = TABLE.render(
                List.of(List.of("API", "still open in PagerDuty since this morning", "acme#1\nglobex#2")), 30);

        assertThat(lines).allSatisfy(line -> assertThat(line).hasSizeLessThanOrEqualTo(30));
        assertThat(lines)
                .containsExactly(
                        "NAME  WHY             WHO",
                        "API   still open in   acme#1",
                        "      PagerDuty       globex#2",
                        "      since this",
                        "      morning");
    }

    @Test
    void aCellsOwnLineBreaksAreKeptAndAWordLongerThanItsColumnIsCut() {
        assertThat(TextTable.wrap("acme#1 acknowledged\nglobex#2", 30))
                .containsExactly("acme#1 acknowledged", "globex#2");
        assertThat(TextTable.wrap("r3n8d5w2c6hj API", 6)).containsExactly("r3n8d5", "w2c6hj", "API");
    }
}
