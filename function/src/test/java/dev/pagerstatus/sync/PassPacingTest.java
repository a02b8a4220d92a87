package dev.pagerstatus.sync;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pagerstatus.testing.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The Statuspage budget is 60 requests in any rolling minute; passes may read 24 of them, bursts included. */
class PassPacingTest {
    private final ManualClock clock = new ManualClock(Instant.parse("2026-03-18T09:00:00Z"));
    private final PassPacing pacing = PassPacing.statuspage(clock);

    @Test
    void aFewPassesInARowRunAtOnce() {
        for (int pass = 0; pass < 6; pass++) {
            assertThat(pacing.delayBeforeNextPass()).isZero();
            pacing.passRead(1);
        }
    }

    @Test
    void aStormSettlesToOnePassPerRefillOfItsReads() {
        int passes = 0;
        while (clock.instant().isBefore(Instant.parse("2026-03-18T09:01:00Z"))) {
            clock.sleep(pacing.delayBeforeNextPass());
            pacing.passRead(1);
            passes++;
        }

        // A quiet pass reads a page in one request. 6 reads of burst and 18 a minute after that: 24 passes inside
        // the minute (the loop's last one starts just after it), and 36 of the 60 left for writes.
        assertThat(passes).isBetween(24, 25);
        assertThat(passes - 1).isLessThanOrEqualTo(24);
    }

    @Test
    void afterAStormTheNextPassWaitsAtMostOnePassWorthOfReads() {
        for (int pass = 0; pass < 60; pass++) {
            clock.sleep(pacing.delayBeforeNextPass());
            pacing.passRead(1);
        }

        assertThat(pacing.delayBeforeNextPass()).isLessThanOrEqualTo(Duration.ofMillis(3_340));
    }

    @Test
    void aQuietPageIsNeverHeldBack() {
        pacing.passRead(4);
        clock.advance(Duration.ofMinutes(5));

        assertThat(pacing.delayBeforeNextPass()).isZero();
    }

    @Test
    void aPassThatWroteHoldsTheNextBackTwoSecondsSoTheRestOfABurstGathers() {
        pacing.passRead(1);
        pacing.wrote();

        assertThat(pacing.delayBeforeNextPass()).isEqualTo(PassPacing.AFTER_WRITES);
        clock.advance(PassPacing.AFTER_WRITES);
        assertThat(pacing.delayBeforeNextPass()).isZero();
    }

    @Test
    void aPassIsPacedByItsFirstRoundWhateverItReadForItsWrites() {
        // Four reads in all: its first round, one list, and the rest of the page its opening read.
        pacing.passed(
                report(4, List.of(new WriteOutcome(Action.OPEN, "page", "r3n8d5w2c6hj", true, "n1", null, null))), 1);

        assertThat(pacing.delayBeforeNextPass()).isZero();
    }

    @Test
    void aPassMayReadThePageWholeAtOnceOnlyWhileTheBucketHoldsIt() {
        assertThat(pacing.hasRoomFor(4)).isTrue();
        pacing.passRead(4);

        assertThat(pacing.hasRoomFor(4)).isFalse();
    }

    private static SyncReport report(long reads, List<WriteOutcome> writes) {
        return new SyncReport(
                List.of("page"),
                true,
                List.of(),
                List.of(),
                List.of(),
                writes,
                List.of(),
                50,
                Map.of("Statuspage reads", reads),
                1,
                Set.of());
    }
}
