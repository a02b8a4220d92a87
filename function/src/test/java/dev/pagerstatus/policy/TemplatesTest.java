package dev.pagerstatus.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Every placeholder renders in every update, and a long text is cut where a reader cannot tell. */
class TemplatesTest {
    private static final Instant SINCE = Instant.parse("2026-03-18T09:41:00Z");

    @Test
    void aNoticeWhoseStatusIsUnknownOrNoneReadsInGeneralWordsNotAPlaceholderOrNoImpact() {
        Templates templates =
                Templates.defaults().withBody(UpdateKind.RESOLVED, "{{component_name}} has recovered from {{status}}.");

        assertThat(templates.renderBody(UpdateKind.RESOLVED, new Templates.Values("API", null, SINCE, null)))
                .isEqualTo("API has recovered from a service disruption.");
        assertThat(templates.renderBody(UpdateKind.RESOLVED, new Templates.Values("API", Severity.NONE, SINCE, null)))
                .isEqualTo("API has recovered from a service disruption.");
        assertThat(templates.renderBody(
                        UpdateKind.RESOLVED, new Templates.Values("API", Severity.MAJOR_OUTAGE, SINCE, null)))
                .isEqualTo("API has recovered from a major outage.");
    }

    @Test
    void aNoteOverStatuspagesLimitIsCutBetweenCharactersNeverInsideAnEmoji() {
        String note = "a".repeat(Templates.MAX_BODY_LENGTH - 2) + "🔥🔥🔥";

        String body =
                Templates.defaults().renderBody(UpdateKind.PUBLIC_NOTE, new Templates.Values("API", null, SINCE, note));

        assertThat(body).hasSizeLessThanOrEqualTo(Templates.MAX_BODY_LENGTH).endsWith("a…");
        assertThat(body.codePoints().noneMatch(point -> Character.getType(point) == Character.SURROGATE))
                .isTrue();
    }

    @Test
    void aCutNeverSplitsAFlagAFamilyEmojiOrAnAccentedLetter() {
        for (String unit : new String[] {"🇩🇪", "👩\u200D👩\u200D👧", "e\u0301"}) {
            String text = "a".repeat(Templates.MAX_NAME_LENGTH - 3) + unit.repeat(4);

            String cut = Templates.cut(text, Templates.MAX_NAME_LENGTH);

            String kept = cut.substring(0, cut.length() - 1).replace("a", "");
            assertThat(kept.length() % unit.length()).as(unit).isZero();
            assertThat(cut).endsWith("…").hasSizeLessThanOrEqualTo(Templates.MAX_NAME_LENGTH);
        }
    }

    @Test
    void aComponentNameThatLooksLikeAPlaceholderIsPrintedAsItIs() {
        String body = Templates.defaults()
                .renderBody(
                        UpdateKind.ESCALATED,
                        new Templates.Values("API {{status}}", Severity.MAJOR_OUTAGE, SINCE, null));

        assertThat(body)
                .isEqualTo("API {{status}} is now experiencing a major outage. We are continuing to investigate.");
    }

    @Test
    void aResponderWritingAPlaceholderInANoteDoesNotHaveItFilledIn() {
        String body = Templates.defaults()
                .renderBody(
                        UpdateKind.PUBLIC_NOTE,
                        new Templates.Values("API", Severity.MAJOR_OUTAGE, SINCE, "Fixed; see {{status}}"));

        assertThat(body).isEqualTo("Fixed; see {{status}}");
    }
}
