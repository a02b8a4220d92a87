package dev.pagerstatus.local;

import com.sun.net.httpserver.HttpHandler;
import dev.pagerstatus.config.Settings;
import dev.pagerstatus.policy.Policy;
import dev.pagerstatus.standin.Rehearsal;
import dev.pagerstatus.support.Fatal;
import dev.pagerstatus.support.Log;
import dev.pagerstatus.support.Sleeper;
import dev.pagerstatus.sync.ApiClients;
import dev.pagerstatus.sync.CoalescingSyncQueue;
import dev.pagerstatus.sync.PassPacing;
import dev.pagerstatus.sync.SyncReport;
import dev.pagerstatus.sync.SyncRequest;
import dev.pagerstatus.sync.SyncService;
import dev.pagerstatus.sync.SyncTrigger;
import dev.pagerstatus.sync.WriteOutcome;
import dev.pagerstatus.webhook.DeliveryIds;
import dev.pagerstatus.webhook.WebhookAccounts;
import dev.pagerstatus.webhook.WebhookReceiver;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code pagerstatus serve}: the webhook receiver, a serialized, coalescing sync queue behind it, and a pass
 * every {@code interval} so drift heals and a lost webhook is never permanent (the same design as on AWS).
 */
final class Serve implements AutoCloseable {
    /** Rounds rehearsed after start: enough for the JIT to compile what a pass that opens a notice runs. */
    static final int REHEARSAL_ROUNDS = 30;

    private final LocalServer server;
    private final CoalescingSyncQueue queue;
    private final ScheduledExecutorService schedule;
    private volatile boolean closing;
    private volatile Thread rehearsal;

    private Serve(LocalServer server, CoalescingSyncQueue queue, ScheduledExecutorService schedule) {
        this.server = server;
        this.queue = queue;
        this.schedule = schedule;
    }

    static Serve start(
            LocalServer server,
            Settings settings,
            ApiClients clients,
            Duration interval,
            boolean passAtStart,
            Map<String, HttpHandler> extra) {
        return start(server, settings, WebhookAccounts.of(settings), clients, interval, passAtStart, extra);
    }

    /** With the accounts webhooks are checked against: {@code serve}'s read their secrets again after setup. */
    static Serve start(
            LocalServer server,
            Settings settings,
            WebhookAccounts accounts,
            ApiClients clients,
            Duration interval,
            boolean passAtStart,
            Map<String, HttpHandler> extra) {
        ScheduledExecutorService schedule = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "pagerstatus-schedule");
            thread.setDaemon(true);
            return thread;
        });
        return start(
                server,
                settings,
                accounts,
                clients,
                interval,
                passAtStart,
                extra,
                schedule,
                InstantSource.system(),
                (task, delay) -> schedule.schedule(Fatal.guard(task), delay.toMillis(), TimeUnit.MILLISECONDS),
                PassPacing.statuspage(InstantSource.system()));
    }

    /**
     * As above, with the clock the timer reads (the one the passes decide by), what runs a task after a
     * delay, and the passes' pacing; specs control them so that no test sleeps until something falls due.
     */
    static Serve start(
            LocalServer server,
            Settings settings,
            WebhookAccounts accounts,
            ApiClients clients,
            Duration interval,
            boolean passAtStart,
            Map<String, HttpHandler> extra,
            ScheduledExecutorService schedule,
            InstantSource clock,
            Scheduler timers,
            PassPacing pacing) {
        SyncService sync = clients.syncService(settings);
        AtomicReference<CoalescingSyncQueue> queued = new AtomicReference<>();
        Timer timer = new Timer(timers, clock, () -> request(queued.get(), "timer"));
        CoalescingSyncQueue queue = new CoalescingSyncQueue(
                wanted -> {
                    boolean wholePage = wanted.pageFirst() && pacing.hasRoomFor(sync.wholePageReadsPerKey());
                    SyncReport report = sync.pass(wanted.hints(), wholePage);
                    pacing.passed(report, wholePage ? sync.wholePageReadsPerKey() : report.routineReadsPerKey());
                    if (report.writes().stream().anyMatch(WriteOutcome::ok)) {
                        pacing.wrote();
                    }
                    timer.arm(report.nextDue());
                    return new CoalescingSyncQueue.Outcome(report.succeeded(), report.notesToReadAgain());
                },
                Sleeper.SYSTEM,
                pacing::delayBeforeNextPass);
        queued.set(queue);
        WebhookReceiver.warnAboutUnsignedAccounts(accounts);
        WebhookReceiver receiver =
                new WebhookReceiver(accounts, passesFor(settings.policy(), queue), DeliveryIds.defaults());
        server.start(receiver, extra);
        // An interval of 0 means passes run only after webhooks: no pass at start, none on a schedule.
        if (!interval.isZero()) {
            long seconds = interval.toSeconds();
            schedule.scheduleAtFixedRate(
                    Fatal.guard(() -> request(queue, "schedule")),
                    passAtStart ? 0 : seconds,
                    seconds,
                    TimeUnit.SECONDS);
        }
        Log.info(
                "serve.listening",
                "port",
                server.port(),
                "accounts",
                accounts.names(),
                "interval_s",
                interval.toSeconds());
        return new Serve(server, queue, schedule);
    }

    /**
     * The one pass that is due by itself, at the earliest time a plan said something falls due (a delayed
     * publish, the end of monitoring), whether or not a webhook arrives; a later plan with an earlier time
     * moves it. Passes are stateless, so a lost timer only waits for the next scheduled pass.
     */
    static final class Timer {
        private final Scheduler scheduler;
        private final InstantSource clock;
        private final Runnable pass;
        private Future<?> next;
        private Instant at;

        Timer(Scheduler scheduler, InstantSource clock, Runnable pass) {
            this.scheduler = scheduler;
            this.clock = clock;
            this.pass = pass;
        }

        synchronized void arm(Instant due) {
            if (due == null || (next != null && !next.isDone() && !due.isBefore(at))) {
                return;
            }
            if (next != null) {
                next.cancel(false);
            }
            at = due;
            // A few milliseconds late rather than early: a pass before the due time would find nothing due yet.
            Duration delay = Duration.ofMillis(
                    Math.max(0, Duration.between(clock.instant(), due).toMillis()) + 50);
            next = scheduler.schedule(pass, delay);
        }
    }

    /** Runs {@code task} once after {@code delay}; what {@code serve} schedules its timer with. */
    @FunctionalInterface
    interface Scheduler {
        Future<?> schedule(Runnable task, Duration delay);
    }

    /**
     * The webhooks that ask the queue for a pass: all but a new incident's when the policy publishes nothing
     * before an acknowledgement, since that pass could change nothing customers see. In a major outage those are
     * most of the webhooks, and their passes' reads would spend the Statuspage budget the writes need.
     */
    static SyncTrigger passesFor(Policy policy, CoalescingSyncQueue queue) {
        if (!policy.publishesOnlyOnceAcknowledged()) {
            return queue;
        }
        return request -> {
            if (!request.isTrigger()) {
                queue.request(request);
            }
        };
    }

    private static void request(CoalescingSyncQueue queue, String why) {
        try {
            queue.request(new SyncRequest(null, null, why));
        } catch (SyncTrigger.SyncUnavailableException e) {
            Log.warn("serve.schedule_skipped", "reason", e.getMessage());
        }
    }

    /**
     * Rehearses passes against built-in stand-ins ({@link Rehearsal}), {@code rounds} rounds, each pass of them when
     * no real pass runs or waits, then stops. A real page opens a notice too rarely for the JIT to have compiled
     * that code when an acknowledgement needs it; rehearsed, it is. A real pass never waits for a rehearsal: one
     * that is wanted meanwhile shares the CPU with at most one rehearsed pass (a few milliseconds once warm).
     */
    void rehearseWhileIdle(int rounds) {
        rehearsal = Thread.ofPlatform().name("pagerstatus-rehearsal").daemon().start(() -> {
            long started = System.nanoTime();
            int[] done = {0};
            RuntimeException[] failure = {null};
            Log.quietly(() -> {
                try (Rehearsal rehearsing = Rehearsal.withOwnClients()) {
                    for (int step = 0; step < rounds * Rehearsal.STEPS && !closing; ) {
                        if (queue.awaitIdle(Duration.ofMinutes(1))) {
                            long stepStarted = System.nanoTime();
                            rehearsing.step();
                            step++;
                            done[0] = step / Rehearsal.STEPS;
                            // Half of one core at most: a real pass that starts meanwhile finds CPU free.
                            Thread.sleep(Duration.ofNanos(System.nanoTime() - stepStarted));
                        }
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } catch (RuntimeException e) {
                    failure[0] = e;
                }
            });
            if (closing) {
                return;
            }
            if (failure[0] != null) {
                Log.warn("serve.rehearsal_failed", "rounds", done[0], "error", failure[0].toString());
            } else {
                Log.info(
                        "serve.rehearsed", "rounds", done[0], "duration_ms", (System.nanoTime() - started) / 1_000_000);
            }
        });
    }

    int port() {
        return server.port();
    }

    CoalescingSyncQueue queue() {
        return queue;
    }

    @Override
    public void close() {
        closing = true;
        Thread rehearsing = rehearsal;
        if (rehearsing != null) {
            rehearsing.interrupt();
        }
        schedule.shutdownNow();
        server.close();
        queue.close();
    }
}
