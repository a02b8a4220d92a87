package dev.pagerstatus.sync;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pagerstatus.testing.ManualClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The Statuspage budget is 60 requests in any rolling minute; passes may use 50 of them, bursts included. */
class PassPacingTest {
    private final ManualClock clock = new ManualClock(Instant.parse("2026-03-18T09:00:00Z"));
    private final PassPacing pacing = PassPacing.statuspage(clock);

    @Test
    void aFewPassesInARowRunAtOnce() {
        for (int pass = 0; pass < 3; pass++) {
            assertThat(pacing.delayBeforeNextPass()).isZero();
            pacing.passRead(4);
        }
    }

    @Test
    void aStormSettlesToOnePassPerRefillOfItsReads() {
        int passes = 0;
        Duration waited = Duration.ZERO;
        while (clock.instant().isBefore(Instant.parse("2026-03-18T09:01:00Z"))) {
            Duration delay = pacing.delayBeforeNextPass();
            clock.sleep(delay);
            waited = waited.plus(delay);
            pacing.passRead(4);
            passes++;
        }

        // A page is read in four requests. 12 reads of burst and 38 a minute after that: 12 passes inside the minute
        // (the loop's last one starts just after it), and 10 of the 60 left for writes.
        assertThat(passes).isBetween(12, 13);
        assertThat((passes - 1) * 4).isLessThanOrEqualTo(50);
    }

    @Test
    void afterAStormTheNextPassWaitsAtMostOnePassWorthOfReads() {
        for (int pass = 0; pass < 30; pass++) {
            clock.sleep(pacing.delayBeforeNextPass());
            pacing.passRead(4);
        }

        assertThat(pacing.delayBeforeNextPass()).isLessThanOrEqualTo(Duration.ofMillis(6_320));
    }

    @Test
    void aQuietPageIsNeverHeldBack() {
        pacing.passRead(4);
        clock.advance(Duration.ofMinutes(5));

        assertThat(pacing.delayBeforeNextPass()).isZero();
    }
}
