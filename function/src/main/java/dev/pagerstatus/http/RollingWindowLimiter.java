package dev.pagerstatus.http;

import dev.pagerstatus.support.Sleeper;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.locks.ReentrantLock;

/**
 * At most {@code permits} requests in any rolling {@code window}: Statuspage's "1 request per second, measured
 * on a 60-second rolling window" is {@code new RollingWindowLimiter(60, 60s)}. A pass's few reads go out at
 * once; a long run of writes settles to one a second. Each caller reserves its slot under the lock and waits
 * outside it, so waiting threads never block each other's bookkeeping.
 */
public final class RollingWindowLimiter implements RequestGate {
    private final int permits;
    private final Duration window;
    private final InstantSource clock;
    private final Sleeper sleeper;
    private final Deque<Instant> granted = new ArrayDeque<>();
    private final ReentrantLock lock = new ReentrantLock();

    public RollingWindowLimiter(int permits, Duration window, InstantSource clock, Sleeper sleeper) {
        if (permits < 1 || !window.isPositive()) {
            throw new IllegalArgumentException("a limiter needs at least one permit in a positive window");
        }
        this.permits = permits;
        this.window = window;
        this.clock = clock;
        this.sleeper = sleeper;
    }

    /**
     * Statuspage's budget, counted over 61 s rather than 60: Statuspage counts a request when it arrives, a little
     * after it was let through here, and a request counted at the very edge of its window must not be the 61st.
     */
    public static RollingWindowLimiter statuspage() {
        return new RollingWindowLimiter(60, Duration.ofSeconds(61), InstantSource.system(), Sleeper.SYSTEM);
    }

    @Override
    public void acquire() throws InterruptedException {
        Instant now;
        Instant slot;
        lock.lock();
        try {
            now = clock.instant();
            while (!granted.isEmpty() && !granted.peekFirst().isAfter(now.minus(window))) {
                granted.removeFirst();
            }
            slot = now;
            if (granted.size() >= permits) {
                // The slot opens when the request `permits` places back leaves the window.
                Instant blocking = granted.stream()
                        .skip(granted.size() - permits)
                        .findFirst()
                        .orElseThrow();
                slot = blocking.plus(window);
            }
            granted.addLast(slot);
        } finally {
            lock.unlock();
        }
        sleeper.sleep(Duration.between(now, slot));
    }
}
