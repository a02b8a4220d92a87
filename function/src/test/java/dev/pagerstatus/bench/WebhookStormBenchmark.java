package dev.pagerstatus.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.Filter;
import dev.pagerstatus.standin.PagerDutyStandIn;
import dev.pagerstatus.standin.StandInApis;
import dev.pagerstatus.standin.StatuspageStandIn;
import dev.pagerstatus.support.Log;
import dev.pagerstatus.support.Secret;
import dev.pagerstatus.testing.Fixtures;
import dev.pagerstatus.webhook.WebhookSignature;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A webhook storm against {@code serve}, and the write that matters after it. A jar's {@code serve} runs in its
 * own JVM against stand-ins that enforce Statuspage's real budget (60 requests in any rolling minute). One
 * notice is already open; 60 signed webhooks that change nothing arrive in 9 s (re-deliveries of that
 * incident's acknowledgement, each with its own id); then a responder acknowledges a new incident, and the
 * stand-in PagerDuty sends that webhook. Measured: passes and Statuspage requests during the storm, and the
 * publish delay, from the acknowledgement's webhook to the Statuspage create.
 *
 * <p>{@code WebhookStormBenchmark [jar] [webhooks] [seconds]}
 */
public final class WebhookStormBenchmark {
    private static final String SECRET = "bench-webhook-secret-0123456789";

    public static void main(String[] args) throws Exception {
        Path jar = Path.of(args.length > 0 ? args[0] : "function/target/pagerstatus.jar");
        int webhooks = args.length > 1 ? Integer.parseInt(args[1]) : 60;
        int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 9;
        Log.threshold(Log.Level.ERROR);

        PagerDutyStandIn pagerDuty = new PagerDutyStandIn();
        pagerDuty.addAccount("acme", "bench-acme-key");
        StatuspageStandIn statuspage = new StatuspageStandIn("stormpage001", "bench-statuspage-key");
        statuspage.addComponents(Fixtures.json("statuspage/components.json"));
        ObjectNode published = seed(pagerDuty, "datadog.json", "acknowledged");
        ObjectNode next = seed(pagerDuty, "pingdom.json", "triggered");

        List<Instant> creates = new CopyOnWriteArrayList<>();
        List<Instant> requests = new CopyOnWriteArrayList<>();
        Filter watch = Filter.beforeHandler("watch", exchange -> {
            if (exchange.getHttpContext().getPath().startsWith("/statuspage")) {
                requests.add(Instant.now());
                if (exchange.getRequestMethod().equals("POST")) {
                    creates.add(Instant.now());
                }
            }
        });
        try (StandInApis apis = StandInApis.start(pagerDuty, statuspage, List.of(watch))) {
            ProcessBuilder builder = ServeProcesses.builder(jar).redirectError(ProcessBuilder.Redirect.DISCARD);
            builder.environment()
                    .putAll(Map.of(
                            "STATUSPAGE_PAGE",
                            statuspage.pageId(),
                            "STATUSPAGE_KEY",
                            "bench-statuspage-key",
                            "PD_ACCOUNT_ACME",
                            "bench-acme-key",
                            "PD_WEBHOOK_SECRET_ACME",
                            SECRET,
                            "PAGERDUTY_API_URL",
                            apis.pagerDutyUrl().toString(),
                            "STATUSPAGE_API_URL",
                            apis.statuspageUrl().toString()));
            Process serve = builder.start();
            try {
                URI receiver = URI.create("http://127.0.0.1:" + ServeProcesses.port(serve) + "/acme");
                pagerDuty.subscribe("acme", receiver, Secret.of(SECRET));
                HttpClient http = HttpClient.newHttpClient();
                byte[] body = redelivery(published);

                // The first delivery opens the notice for the incident; wait until it is on the page.
                post(http, receiver, body);
                awaitCount(creates, 1, Duration.ofSeconds(30));
                Instant stormStarted = Instant.now();
                int before = requests.size();
                for (int i = 0; i < webhooks; i++) {
                    post(http, receiver, body);
                    Thread.sleep(seconds * 1000L / webhooks);
                }
                Instant stormEnded = Instant.now();

                Instant acknowledged = Instant.now();
                pagerDuty.setStatus("acme", next.path("id").asText(), "acknowledged");
                boolean published2 = awaitCount(creates, 2, Duration.ofSeconds(120));
                Duration delay = published2 ? Duration.between(acknowledged, creates.get(1)) : null;
                long stormRequests = requests.stream()
                        .skip(before)
                        .filter(at -> !at.isAfter(stormEnded))
                        .count();

                System.out.printf(
                        "jar %s%n  storm: %d webhooks in %.1f s; Statuspage requests during it: %d%n",
                        jar,
                        webhooks,
                        Duration.between(stormStarted, stormEnded).toMillis() / 1000.0,
                        stormRequests);
                System.out.printf(
                        "  publish delay after the storm (acknowledgement webhook to Statuspage create): %s%n",
                        delay == null ? "not published within 120 s" : delay.toMillis() + " ms");
            } finally {
                serve.destroy();
                serve.waitFor();
            }
        }
        System.exit(0);
    }

    private static ObjectNode seed(PagerDutyStandIn pagerDuty, String fixture, String status) {
        var source = Fixtures.json("pagerduty/incidents/" + fixture);
        return pagerDuty.addIncident(
                "acme",
                new PagerDutyStandIn.IncidentSeed(
                        source.path("title").asText(),
                        status,
                        Instant.now().minus(Duration.ofMinutes(5)),
                        source.path("first_trigger_log_entry").path("channel"),
                        null));
    }

    /** The acknowledgement webhook of the published incident, as PagerDuty would re-send it. */
    private static byte[] redelivery(ObjectNode incident) {
        String template = Fixtures.text("webhooks/v3-incident-acknowledged.json");
        return template.replace("Q1F7K0ZP3XW9LM", incident.path("id").asText()).getBytes(StandardCharsets.UTF_8);
    }

    private static void post(HttpClient http, URI receiver, byte[] body) throws Exception {
        http.send(
                HttpRequest.newBuilder(receiver)
                        .header("Content-Type", "application/json")
                        .header("X-Webhook-Id", UUID.randomUUID().toString())
                        .header("X-PagerDuty-Signature", WebhookSignature.sign(Secret.of(SECRET), body))
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                        .build(),
                HttpResponse.BodyHandlers.discarding());
    }

    private static boolean awaitCount(List<Instant> list, int count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (list.size() < count) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(10);
        }
        return true;
    }

    private WebhookStormBenchmark() {}
}
