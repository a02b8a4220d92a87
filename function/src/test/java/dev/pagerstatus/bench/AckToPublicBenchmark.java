package dev.pagerstatus.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.Filter;
import dev.pagerstatus.standin.PagerDutyStandIn;
import dev.pagerstatus.standin.StandInApis;
import dev.pagerstatus.standin.StatuspageStandIn;
import dev.pagerstatus.support.Log;
import dev.pagerstatus.support.Secret;
import dev.pagerstatus.testing.Fixtures;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * From a responder's acknowledgement to the public notice, in {@code serve}: a jar's {@code serve} runs in its own
 * JVM against stand-ins that answer every request {@code latency} ms late, like distant APIs. Each round, a new
 * incident on a quiet component is acknowledged; the stand-in PagerDuty sends its signed {@code
 * incident.acknowledged} webhook at once, and the time runs until pagerstatus's create reaches the stand-in
 * Statuspage. The physical limit is two round trips: one round of reads, then the create.
 *
 * <p>{@code AckToPublicBenchmark [jar] [rounds] [latency-ms] [warm-up passes]}
 */
public final class AckToPublicBenchmark {
    private static final String SECRET = "bench-webhook-secret-0123456789";
    private static final String[] COMPONENTS = {
        "r3n8d5w2c6hj", "w8d3n6t2p9kf", "h5c1v8j4g7ry", "t9p4f7s1k8vb", "m6v2c8x4b1nq"
    };

    public static void main(String[] args) throws Exception {
        Path jar = Path.of(args.length > 0 ? args[0] : "function/target/pagerstatus.jar");
        int rounds = Math.min(COMPONENTS.length, args.length > 1 ? Integer.parseInt(args[1]) : 5);
        int latency = args.length > 2 ? Integer.parseInt(args[2]) : 50;
        int warmUps = args.length > 3 ? Integer.parseInt(args[3]) : 0;
        Log.threshold(Log.Level.ERROR);

        // Webhooks go out on the thread that acknowledges, so the clock starts as PagerDuty sends.
        PagerDutyStandIn pagerDuty = new PagerDutyStandIn(java.time.InstantSource.system(), Runnable::run);
        pagerDuty.addAccount("acme", "bench-acme-key");
        StatuspageStandIn statuspage = new StatuspageStandIn("ackpage00001", "bench-statuspage-key");
        statuspage.requestsPerMinute(0);
        statuspage.addComponents(Fixtures.json("statuspage/components.json"));
        List<ObjectNode> incidents = new ArrayList<>();
        for (int i = 0; i < rounds; i++) {
            incidents.add(seed(pagerDuty, COMPONENTS[i]));
        }
        List<Instant> creates = new CopyOnWriteArrayList<>();
        Filter watch = Filter.beforeHandler("watch", exchange -> {
            if (exchange.getHttpContext().getPath().startsWith("/statuspage")
                    && exchange.getRequestMethod().equals("POST")) {
                creates.add(Instant.now());
            }
        });
        try (StandInApis apis = StandInApis.start(
                pagerDuty, statuspage, List.of(StandInApis.latency(Duration.ofMillis(latency)), watch))) {
            ProcessBuilder builder = ServeProcesses.builder(jar)
                    .redirectError(ProcessBuilder.Redirect.to(
                            new java.io.File(System.getProperty("java.io.tmpdir"), "ack-to-public-serve.log")));
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
                // serve's start-up pass, then passes that change nothing until its JIT has seen the code a few
                // times, as a serve that has been up for a while has (paced, as a storm of them would be).
                Thread.sleep(2_000);
                java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
                byte[] noop =
                        Fixtures.text("webhooks/v3-incident-acknowledged.json").getBytes(StandardCharsets.UTF_8);
                for (int i = 0; i < warmUps; i++) {
                    http.send(
                            java.net.http.HttpRequest.newBuilder(receiver)
                                    .header("Content-Type", "application/json")
                                    .header(
                                            "X-Webhook-Id",
                                            java.util.UUID.randomUUID().toString())
                                    .header(
                                            "X-PagerDuty-Signature",
                                            dev.pagerstatus.webhook.WebhookSignature.sign(Secret.of(SECRET), noop))
                                    .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(noop))
                                    .build(),
                            java.net.http.HttpResponse.BodyHandlers.discarding());
                    Thread.sleep(7_000);
                }
                List<Long> delays = new ArrayList<>();
                for (int i = 0; i < rounds; i++) {
                    int before = creates.size();
                    Instant acknowledged = Instant.now();
                    pagerDuty.setStatus("acme", incidents.get(i).path("id").asText(), "acknowledged");
                    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                    while (creates.size() == before && System.nanoTime() < deadline) {
                        Thread.sleep(1);
                    }
                    delays.add(
                            creates.size() > before
                                    ? Duration.between(acknowledged, creates.get(before))
                                            .toMillis()
                                    : -1);
                    // Longer than a pass's refill of the Statuspage budget (PassPacing), so no round waits for it.
                    Thread.sleep(7_000);
                }
                System.out.printf(
                        "jar %s, %d ms added to every request, %d passes before%n  acknowledgement webhook to"
                                + " Statuspage create, ms, each round: %s%n",
                        jar, latency, warmUps, delays);
            } finally {
                serve.destroy();
                serve.waitFor();
            }
        }
        System.exit(0);
    }

    private static ObjectNode seed(PagerDutyStandIn pagerDuty, String component) {
        var source = Fixtures.json("pagerduty/incidents/datadog.json");
        ObjectNode channel = (ObjectNode)
                source.path("first_trigger_log_entry").path("channel").deepCopy();
        ((ObjectNode) channel.path("details")).put("tags", "env:prod, component:" + component);
        return pagerDuty.addIncident(
                "acme",
                new PagerDutyStandIn.IncidentSeed(
                        source.path("title").asText(),
                        "triggered",
                        Instant.now().minus(Duration.ofMinutes(5)),
                        channel,
                        null));
    }
}
