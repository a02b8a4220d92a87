package dev.pagerstatus.local;

import com.sun.net.httpserver.HttpHandler;
import dev.pagerstatus.config.Settings;
import dev.pagerstatus.support.Fatal;
import dev.pagerstatus.support.Log;
import dev.pagerstatus.support.Sleeper;
import dev.pagerstatus.sync.ApiClients;
import dev.pagerstatus.sync.CoalescingSyncQueue;
import dev.pagerstatus.sync.PassPacing;
import dev.pagerstatus.sync.SyncRequest;
import dev.pagerstatus.sync.SyncService;
import dev.pagerstatus.sync.SyncTrigger;
import dev.pagerstatus.webhook.DeliveryIds;
import dev.pagerstatus.webhook.WebhookAccounts;
import dev.pagerstatus.webhook.WebhookReceiver;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

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
        CoalescingSyncQueue queue =
                new CoalescingSyncQueue(() -> pacing.passed(sync.sync()), pacing::delayBeforeNextPass, Sleeper.SYSTEM);
        WebhookAccounts accounts = WebhookAccounts.of(settings);
        WebhookReceiver.warnAboutUnsignedAccounts(accounts);
        WebhookReceiver receiver = new WebhookReceiver(accounts, queue, DeliveryIds.defaults());
        server.start(receiver, extra);
        ScheduledExecutorService schedule = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "pagerstatus-schedule");
            thread.setDaemon(true);
            return thread;
        });
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
