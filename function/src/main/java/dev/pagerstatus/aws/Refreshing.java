package dev.pagerstatus.aws;

import dev.pagerstatus.config.ConfigUnavailableException;
import dev.pagerstatus.support.Log;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.function.Supplier;

/**
 * A value loaded from Parameter Store and kept for {@code ttl}, so a warm function reads it once every few
 * minutes and a rotated key is picked up without a redeploy. When a reload cannot reach Parameter Store the
 * last good value is kept, since secrets rarely change and an outage of SSM should not become one of ours;
 * when a reload finds the configuration invalid, that error wins.
 */
final class Refreshing<T> {
    private final String what;
    private final Duration ttl;
    private final InstantSource clock;
    private final Supplier<T> loader;
    private T value;
    private Instant loadedAt;

    Refreshing(String what, Duration ttl, InstantSource clock, Supplier<T> loader) {
        this.what = what;
        this.ttl = ttl;
        this.clock = clock;
        this.loader = loader;
    }

    /** The value, loaded again first if it was loaded more than {@code age} ago (sooner than its ttl). */
    synchronized T getNoOlderThan(Duration age) {
        if (value != null && !clock.instant().isBefore(loadedAt.plus(age))) {
            loadedAt = Instant.MIN;
        }
        return get();
    }

    synchronized T get() {
        Instant now = clock.instant();
        if (value != null && now.isBefore(loadedAt.plus(ttl))) {
            return value;
        }
        try {
            value = loader.get();
            loadedAt = now;
            return value;
        } catch (ConfigUnavailableException e) {
            if (value == null) {
                throw e;
            }
            Log.warn("config.stale", "what", what, "reason", e.getMessage(), "loaded_at", loadedAt.toString());
            return value;
        } catch (RuntimeException e) {
            value = null;
            throw e;
        }
    }
}
