package dev.pagerstatus.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pagerstatus.testing.ManualClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RollingWindowLimiterTest {
    private final ManualClock clock = new ManualClock(Instant.parse("2026-03-18T12:00:00Z"));

    @Test
    void letsAPassesFewReadsGoOutAtOnce() throws Exception {
        RollingWindowLimiter limiter = new RollingWindowLimiter(60, Duration.ofSeconds(60), clock, clock);

        for (int i = 0; i < 4; i++) {
            limiter.acquire();
        }

        assertThat(clock.sleeps()).allMatch(Duration::isZero);
    }

    @Test
    void neverAllowsMoreThanTheLimitInAnyRollingWindow() throws Exception {
        RollingWindowLimiter limiter = new RollingWindowLimiter(3, Duration.ofSeconds(60), clock, clock);
        Instant start = clock.instant();

        for (int i = 0; i < 7; i++) {
            limiter.acquire();
        }

        // Three at once, then each waits for the one three places back to leave the window.
        assertThat(clock.sleeps())
                .containsExactly(
                        Duration.ZERO,
                        Duration.ZERO,
                        Duration.ZERO,
                        Duration.ofSeconds(60),
                        Duration.ZERO,
                        Duration.ZERO,
                        Duration.ofSeconds(60));
        assertThat(clock.instant()).isEqualTo(start.plusSeconds(120));
    }

    @Test
    void forgetsRequestsThatLeftTheWindow() throws Exception {
        RollingWindowLimiter limiter = new RollingWindowLimiter(2, Duration.ofSeconds(60), clock, clock);
        limiter.acquire();
        limiter.acquire();
        clock.advance(Duration.ofSeconds(61));

        limiter.acquire();

        assertThat(clock.sleeps()).containsOnly(Duration.ZERO);
    }
}
