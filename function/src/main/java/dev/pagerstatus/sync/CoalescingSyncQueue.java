package dev.pagerstatus.sync;

import dev.pagerstatus.support.Log;
import dev.pagerstatus.support.Sleeper;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Runs passes strictly one at a time and coalesces requests: any number of requests that arrive while a pass
 * runs cause exactly one more pass, which will see everything they announced. Two passes never overlap, so
 * two deliveries for the same incident can never open two notices for one component. Passes can be paced
 * ({@link PassPacing}), so that a storm of webhooks costs a few passes, not one each.
 */
public final class CoalescingSyncQueue implements SyncTrigger, AutoCloseable {
    private final Function<Wanted, Outcome> pass;
    private final Supplier<Duration> delayBeforePass;
    private final Sleeper sleeper;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "pagerstatus-sync");
        thread.setDaemon(true);
        return thread;
    });
    private final AtomicLong passes = new AtomicLong();
    private boolean running;
    private boolean pending;
    private boolean closed;
    private boolean pageFirst;
    /**
     * The incidents that requests announced public notes on, for a later pass to read, with how many passes
     * have held each without being done with it (they failed, or its note had no notice yet): at most {@value
     * #MAX_PENDING_HINTS}, each handed to at most {@value #MAX_HINT_PASSES} passes, so no hint, and no flood of
     * them, can make every later pass do its work.
     */
    private final Map<String, Integer> annotated = new TreeMap<>();
    /** Hints refused because {@link #annotated} was full, not yet logged. */
    private long hintsRefused;

    static final int MAX_PENDING_HINTS = 100;
    static final int MAX_HINT_PASSES = 3;

    /**
     * {@code pass} runs one reconcile pass, given the incidents with public notes that its requests named, and
     * says whether it succeeded; it must not throw. A failed pass hands those incidents on to the next one, a
     * bounded number of times.
     * {@code delayBeforePass} says how long a pass should wait before it starts ({@link PassPacing}); requests
     * that arrive meanwhile join it.
     */
    public CoalescingSyncQueue(Predicate<Set<String>> pass, Supplier<Duration> delayBeforePass, Sleeper sleeper) {
        this(wanted -> new Outcome(pass.test(wanted.hints()), Set.of()), sleeper, delayBeforePass);
    }

    /**
     * What a pass came to: whether it succeeded, and the hinted incidents whose notes a later pass should read
     * again ({@link SyncReport#notesToReadAgain}); with any, another pass is asked for.
     */
    public record Outcome(boolean succeeded, Set<String> followUp) {}

    /**
     * What a pass is asked for: the incidents with public notes its requests named, and whether one of them likely
     * opens a notice ({@link SyncRequest#likelyOpensANotice}), so that the pass reads the whole page at once.
     */
    public record Wanted(Set<String> hints, boolean pageFirst) {}

    /** Passes that say which incidents' notes the next one should read. */
    public CoalescingSyncQueue(Function<Wanted, Outcome> pass, Sleeper sleeper, Supplier<Duration> delayBeforePass) {
        this.pass = pass;
        this.delayBeforePass = delayBeforePass;
        this.sleeper = sleeper;
    }

    /** Passes that start as soon as they are wanted. */
    public CoalescingSyncQueue(Runnable pass) {
        this(
                notes -> {
                    pass.run();
                    return true;
                },
                () -> Duration.ZERO,
                Sleeper.SYSTEM);
    }

    @Override
    public void request(SyncRequest request) throws SyncUnavailableException {
        synchronized (this) {
            if (closed) {
                throw new SyncUnavailableException("the sync queue is shut down", null);
            }
            pending = true;
            pageFirst |= request.likelyOpensANotice();
            if (request.annotatedIncident() != null) {
                hint(request.annotatedIncident(), 0);
            }
            if (running) {
                return;
            }
            running = true;
        }
        try {
            worker.execute(this::drain);
        } catch (RejectedExecutionException e) {
            synchronized (this) {
                running = false;
            }
            throw new SyncUnavailableException("the sync queue is shut down", e);
        }
    }

    private void hint(String incident, int passes) {
        if (annotated.containsKey(incident) || annotated.size() < MAX_PENDING_HINTS) {
            annotated.merge(incident, passes, Math::max);
        } else {
            hintsRefused++;
        }
    }

    /** The hints for the next pass, at most what it reads, taken out; the rest wait for the pass after it. */
    private Map<String, Integer> takeHints() {
        Map<String, Integer> taken = new TreeMap<>();
        var next = annotated.entrySet().iterator();
        while (next.hasNext() && taken.size() < SyncService.MAX_HINTS_PER_PASS) {
            var hint = next.next();
            taken.put(hint.getKey(), hint.getValue());
            next.remove();
        }
        pending |= !annotated.isEmpty();
        if (hintsRefused > 0) {
            Log.warn("sync.hints_refused", "hints", hintsRefused, "pending_limit", MAX_PENDING_HINTS);
            hintsRefused = 0;
        }
        return taken;
    }

    /**
     * Hands hints to the next pass, unless they have been through enough passes: those of a pass that failed,
     * and those whose note had no notice to go on yet, for which another pass is asked for.
     */
    private synchronized void handBack(Map<String, Integer> hints, boolean askForAPass) {
        hints.forEach((incident, passes) -> {
            if (passes + 1 < MAX_HINT_PASSES) {
                hint(incident, passes + 1);
                pending |= askForAPass;
            } else {
                Log.warn("sync.hint_dropped", "incident", incident, "passes", passes + 1);
            }
        });
    }

    private void drain() {
        Map<String, Integer> hints;
        boolean wholePage;
        while (true) {
            synchronized (this) {
                if (!pending || closed) {
                    running = false;
                    notifyAll();
                    return;
                }
            }
            try {
                sleeper.sleep(delayBeforePass.get());
            } catch (InterruptedException e) {
                synchronized (this) {
                    running = false;
                    notifyAll();
                }
                return;
            }
            synchronized (this) {
                if (closed) {
                    running = false;
                    notifyAll();
                    return;
                }
                pending = false;
                hints = takeHints();
                wholePage = pageFirst;
                pageFirst = false;
            }
            Outcome outcome = new Outcome(false, Set.of());
            try {
                outcome = pass.apply(new Wanted(Set.copyOf(hints.keySet()), wholePage));
            } catch (RuntimeException e) {
                Log.error("sync.pass_crashed", "error", e.toString(), "stack", Log.stack(e));
            } finally {
                passes.incrementAndGet();
                if (!outcome.succeeded()) {
                    handBack(hints, false);
                } else {
                    Map<String, Integer> again = new TreeMap<>(hints);
                    again.keySet().retainAll(outcome.followUp());
                    handBack(again, true);
                }
            }
        }
    }

    /** How many passes have run. */
    public long passes() {
        return passes.get();
    }

    /** Waits until no pass is running or wanted; true if that happened within {@code timeout}. */
    public synchronized boolean awaitIdle(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (running || pending) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return true;
    }

    @Override
    public void close() {
        synchronized (this) {
            closed = true;
        }
        // A pass that is still pacing itself is not worth waiting for.
        worker.shutdownNow();
    }
}
