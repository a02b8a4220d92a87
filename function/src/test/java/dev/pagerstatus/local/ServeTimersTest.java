package dev.pagerstatus.local;

import static dev.pagerstatus.testing.FakeWorld.API;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pagerstatus.config.EnvironmentSettings;
import dev.pagerstatus.standin.PagerDutyStandIn;
import dev.pagerstatus.support.Secret;
import dev.pagerstatus.sync.PassPacing;
import dev.pagerstatus.sync.SyncRequest;
import dev.pagerstatus.testing.FakeWorld;
import dev.pagerstatus.testing.ManualClock;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What falls due with no webhook: the end of monitoring and a delayed publish, in {@code serve}, on a clock the
 * spec moves. The timer's tasks are held by the spec and run once their time has come; nothing sleeps.
 */
class ServeTimersTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String SECRET = "Wz1kQp8vN3rT6yU9xA2cF5hJ8mL0oS4d";

    private final ManualClock clock = new ManualClock(Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
    private final FakeWorld world = new FakeWorld();
    private final HeldTimers timers = new HeldTimers();
    private final ScheduledExecutorService schedule = Executors.newSingleThreadScheduledExecutor();
    private Serve serve;

    @TempDir
    Path dir;

    /** The timer's tasks, each with the clock time it falls due at. */
    private final class HeldTimers implements Serve.Scheduler {
        private record Held(Runnable task, Instant at, CompletableFuture<Void> future) {}

        private final List<Held> held = new ArrayList<>();

        @Override
        public synchronized Future<?> schedule(Runnable task, Duration delay) {
            Held entry = new Held(task, clock.instant().plus(delay), new CompletableFuture<>());
            held.add(entry);
            return entry.future();
        }

        synchronized List<Instant> pending() {
            return held.stream().filter(h -> !h.future().isDone()).map(Held::at).toList();
        }

        void runDue() {
            List<Held> due;
            synchronized (this) {
                due = held.stream()
                        .filter(h -> !h.future().isDone() && !h.at().isAfter(clock.instant()))
                        .toList();
            }
            for (Held entry : due) {
                entry.future().complete(null);
                entry.task().run();
            }
        }
    }

    private void start(String policy) throws Exception {
        Path file = dir.resolve("policy.yaml");
        Files.writeString(file, policy);
        Map<String, String> env = world.environment();
        env.put("PD_WEBHOOK_SECRET_ACME", SECRET);
        env.put("PAGERSTATUS_POLICY", file.toString());
        LocalServer server = LocalServer.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        serve = Serve.start(
                server,
                EnvironmentSettings.load(env),
                dev.pagerstatus.webhook.WebhookAccounts.of(EnvironmentSettings.load(env)),
                world.clients().withClock(clock),
                Duration.ZERO,
                false,
                Map.of(),
                schedule,
                clock,
                timers,
                new PassPacing(60, Duration.ofSeconds(60), 10, 40, clock));
        world.pagerDuty.subscribe("acme", URI.create("http://127.0.0.1:" + serve.port() + "/acme"), Secret.of(SECRET));
    }

    @AfterEach
    void stop() {
        serve.close();
        schedule.shutdownNow();
        world.close();
    }

    private void settle() throws InterruptedException {
        assertThat(serve.queue().awaitIdle(WAIT)).isTrue();
    }

    private JsonNode notice() {
        return world.statuspage.incidents().getFirst();
    }

    @Test
    void monitoringEndsAtItsTimeWithNoWebhook() throws Exception {
        start("publish: {resolve_after: 30s}");
        ObjectNode incident = world.incident("acme", "datadog.json", "triggered", clock.instant());
        world.pagerDuty.setStatus("acme", incident.path("id").asText(), "acknowledged");
        settle();
        assertThat(world.openNoticeComponents()).containsExactly(API);

        world.pagerDuty.setStatus("acme", incident.path("id").asText(), "resolved");
        settle();
        assertThat(notice().path("status").asText()).isEqualTo("monitoring");
        assertThat(world.statuspage.componentStatus(API)).isEqualTo("operational");
        assertThat(timers.pending())
                .containsExactly(clock.instant().plusSeconds(30).plusMillis(50));

        clock.advance(Duration.ofSeconds(29));
        timers.runDue();
        settle();
        assertThat(notice().path("status").asText()).as("not yet").isEqualTo("monitoring");

        clock.advance(Duration.ofSeconds(2));
        timers.runDue();
        settle();
        assertThat(notice().path("status").asText()).isEqualTo("resolved");
        assertThat(world.pagerDuty.deliveries())
                .extracting(PagerDutyStandIn.Delivery::eventType)
                .containsExactly("incident.acknowledged", "incident.resolved");
    }

    @Test
    void aDelayedPublishHappensAtItsTimeWithNoWebhook() throws Exception {
        start("publish: {after: 2m}");
        world.incident("acme", "datadog.json", "triggered", clock.instant());
        serve.queue().request(new SyncRequest("acme", "d1", "incident.triggered"));
        settle();
        assertThat(world.openNoticeComponents()).isEmpty();
        assertThat(timers.pending())
                .containsExactly(clock.instant().plus(Duration.ofMinutes(2)).plusMillis(50));

        clock.advance(Duration.ofMinutes(2).plusSeconds(1));
        timers.runDue();
        settle();

        assertThat(world.openNoticeComponents()).containsExactly(API);
    }

    @Test
    void aRelapseWhileMonitoringKeepsTheSameNotice() throws Exception {
        start("publish: {resolve_after: 5m}");
        ObjectNode first = world.incident("acme", "datadog.json", "triggered", clock.instant());
        world.pagerDuty.setStatus("acme", first.path("id").asText(), "acknowledged");
        settle();
        world.pagerDuty.setStatus("acme", first.path("id").asText(), "resolved");
        settle();
        clock.advance(Duration.ofMinutes(2));

        ObjectNode again = world.incident("acme", "datadog.json", "triggered", clock.instant());
        world.pagerDuty.setStatus("acme", again.path("id").asText(), "acknowledged");
        settle();

        assertThat(world.statuspage.incidents()).hasSize(1);
        assertThat(notice().path("status").asText()).isEqualTo("investigating");
        assertThat(notice().path("incident_updates").get(0).path("body").asText())
                .isEqualTo("API is experiencing a partial outage again. We are investigating.");
        assertThat(world.statuspage.componentStatus(API)).isEqualTo("partial_outage");
    }
}
