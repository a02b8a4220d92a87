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
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
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
        SyncService sync = clients.syncService(settings);
        PassPacing pacing = PassPacing.statuspage(InstantSource.system());
        ScheduledExecutorService schedule = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "pagerstatus-schedule");
            thread.setDaemon(true);
            return thread;
        });
        AtomicReference<CoalescingSyncQueue> queued = new AtomicReference<>();
        Timer timer = new Timer(schedule, () -> request(queued.get(), "timer"));
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
        private final ScheduledExecutorService schedule;
        private final Runnable pass;
        private ScheduledFuture<?> next;
        private Instant at;

        Timer(ScheduledExecutorService schedule, Runnable pass) {
            this.schedule = schedule;
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
            long delay = Math.max(0, Duration.between(Instant.now(), due).toMillis()) + 50;
            next = schedule.schedule(Fatal.guard(pass), delay, TimeUnit.MILLISECONDS);
        }
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
