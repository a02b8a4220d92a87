package dev.pagerstatus.local;

import com.sun.net.httpserver.HttpHandler;
import dev.pagerstatus.config.Settings;
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
    private final LocalServer server;
    private final CoalescingSyncQueue queue;
    private final ScheduledExecutorService schedule;

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
        ScheduledExecutorService schedule = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "pagerstatus-schedule");
            thread.setDaemon(true);
            return thread;
        });
        return start(
                server,
                settings,
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
                annotated -> {
                    SyncReport report = sync.pass(annotated);
                    pacing.passed(report);
                    timer.arm(report.nextDue());
                    return report.succeeded();
                },
                pacing::delayBeforeNextPass,
                Sleeper.SYSTEM);
        queued.set(queue);
        WebhookAccounts accounts = WebhookAccounts.of(settings);
        WebhookReceiver.warnAboutUnsignedAccounts(accounts);
        WebhookReceiver receiver = new WebhookReceiver(accounts, queue, DeliveryIds.defaults());
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

    private static void request(CoalescingSyncQueue queue, String why) {
        try {
            queue.request(new SyncRequest(null, null, why));
        } catch (SyncTrigger.SyncUnavailableException e) {
            Log.warn("serve.schedule_skipped", "reason", e.getMessage());
        }
    }

    int port() {
        return server.port();
    }

    CoalescingSyncQueue queue() {
        return queue;
    }

    @Override
    public void close() {
        schedule.shutdownNow();
        server.close();
        queue.close();
    }
}
