package dev.pagerstatus.support;

import java.time.Duration;

/** Waiting, made replaceable so tests of retries and rate limits run instantly on a manual clock. */
@FunctionalInterface
public interface Sleeper {
    Sleeper SYSTEM = duration -> {
        if (duration.isPositive()) {
            Thread.sleep(duration);
        }
    };

    void sleep(Duration duration) throws InterruptedException;
}
