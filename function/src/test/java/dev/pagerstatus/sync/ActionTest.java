package dev.pagerstatus.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Comparator;
import org.junit.jupiter.api.Test;

class ActionTest {
    @Test
    void openingsAreSentFirstAndEachNoticesWritesInTheOrderTheyBuildOnEachOther() {
        assertThat(Arrays.stream(Action.values())
                        .sorted(Comparator.comparingInt(Action::sendOrder))
                        .toList())
                .containsExactly(
                        Action.OPEN,
                        Action.ESCALATE,
                        Action.IMPROVE,
                        Action.MONITOR,
                        Action.RELAPSE,
                        Action.POST_NOTE,
                        Action.RESOLVE,
                        Action.RESOLVE_DUPLICATE,
                        Action.UPDATE,
                        Action.KEEP,
                        Action.WAIT);
        assertThat(Arrays.stream(Action.values()).map(Action::sendOrder).distinct())
                .hasSize(Action.values().length);
    }
}
