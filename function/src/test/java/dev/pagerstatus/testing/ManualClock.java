package dev.pagerstatus.testing;

import dev.pagerstatus.support.Sleeper;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/** A clock that only moves when something sleeps on it: retries and rate limits are tested without waiting. */
public final class ManualClock implements InstantSource, Sleeper {
    private Instant now;
    private final List<Duration> sleeps = new ArrayList<>();

    public ManualClock(Instant start) {
        this.now = start;
    }

    /**
     * A clock at about now, but outside the first minute of every ten, in which a process that has never read a
     * page whole does (the net): for specs that count what a pass reads, whenever they run.
     */
    public static ManualClock nowOutsideTheNetsMinute() {
        Instant at = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        while (at.getEpochSecond() / 60 % 10 == 0) {
            at = at.plus(Duration.ofMinutes(1));
        }
        return new ManualClock(at);
    }

    @Override
    public synchronized Instant instant() {
        return now;
    }

    @Override
    public synchronized void sleep(Duration duration) {
        sleeps.add(duration);
        if (duration.isPositive()) {
            now = now.plus(duration);
        }
    }

    public synchronized void advance(Duration duration) {
        now = now.plus(duration);
    }

    public synchronized List<Duration> sleeps() {
        return List.copyOf(sleeps);
    }
}
