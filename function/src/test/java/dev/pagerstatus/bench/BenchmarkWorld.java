package dev.pagerstatus.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pagerstatus.config.EnvironmentSettings;
import dev.pagerstatus.config.Settings;
import dev.pagerstatus.http.ApiTransport;
import dev.pagerstatus.http.RequestGate;
import dev.pagerstatus.http.RetryPolicy;
import dev.pagerstatus.standin.PagerDutyStandIn;
import dev.pagerstatus.standin.StandInApis;
import dev.pagerstatus.standin.StatuspageStandIn;
import dev.pagerstatus.support.Log;
import dev.pagerstatus.support.Sleeper;
import dev.pagerstatus.sync.ApiClients;
import dev.pagerstatus.sync.SyncReport;
import dev.pagerstatus.testing.Fixtures;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The benchmark's stand-in world, run in its own JVM so its CPU is not counted against pagerstatus:
 * {@code accounts} PagerDuty accounts with {@code incidents} open incidents each (every monitoring tool's tag
 * format, created over four months), a page of {@code components} components, and the notices a previous pass
 * opened; optionally every request is answered {@code latency-ms} late, like a distant API. Prints {@code ENV NAME=VALUE} lines and {@code READY}, then obeys commands on standard input:
 * {@code churn} (resolve every incident on three components, acknowledge new ones on two) and {@code quit}.
 */
public final class BenchmarkWorld {
    private static final String[] SOURCES = {
        "datadog.json", "pingdom.json", "email.json", "alertmanager.json", "events-v2-custom.json"
    };

    public static void main(String[] args) throws Exception {
        int accounts = Integer.parseInt(args.length > 0 ? args[0] : "10");
        int perAccount = Integer.parseInt(args.length > 1 ? args[1] : "1000");
        int componentCount = Integer.parseInt(args.length > 2 ? args[2] : "300");
        int latencyMillis = Integer.parseInt(args.length > 3 ? args[3] : "0");
        Log.threshold(Log.Level.ERROR);

        PagerDutyStandIn pagerDuty = new PagerDutyStandIn();
        StatuspageStandIn statuspage = new StatuspageStandIn("benchpage001", "bench-statuspage-key");
        statuspage.requestsPerMinute(0);
        List<String> components = new ArrayList<>();
        for (int i = 0; i < componentCount; i++) {
            String id = String.format("bench%07d", i);
            components.add(id);
            statuspage.addComponent(id, "Service " + i);
        }
        // The last ten components start quiet, so churn has somewhere to open notices.
        int tagged = componentCount - 10;
        Random random = new Random(2026);
        Map<String, String> env = new HashMap<>();
        Map<String, List<String[]>> byComponent = new HashMap<>();
        for (int a = 0; a < accounts; a++) {
            String name = "account" + a;
            pagerDuty.addAccount(name, "bench-pd-key-" + a);
            env.put("PD_ACCOUNT_" + name.toUpperCase(), "bench-pd-key-" + a);
            for (int i = 0; i < perAccount; i++) {
                String component = components.get(random.nextInt(tagged));
                String source = SOURCES[i % SOURCES.length];
                String status = random.nextInt(10) < 3 ? "acknowledged" : "triggered";
                Instant created = Instant.now().minus(Duration.ofMinutes(random.nextInt(120 * 24 * 60)));
                ObjectNode incident = pagerDuty.addIncident(name, seed(source, component, status, created));
                byComponent
                        .computeIfAbsent(component, c -> new ArrayList<>())
                        .add(new String[] {name, incident.path("id").asText()});
            }
        }
        try (StandInApis apis = StandInApis.start(
                pagerDuty,
                statuspage,
                latencyMillis == 0 ? List.of() : List.of(StandInApis.latency(Duration.ofMillis(latencyMillis))))) {
            env.put(EnvironmentSettings.STATUSPAGE_PAGE, statuspage.pageId());
            env.put(EnvironmentSettings.STATUSPAGE_KEY, "bench-statuspage-key");
            env.put(EnvironmentSettings.PAGERDUTY_API_URL, apis.pagerDutyUrl().toString());
            env.put(EnvironmentSettings.STATUSPAGE_API_URL, apis.statuspageUrl().toString());
            Settings settings = EnvironmentSettings.load(env);
            // Bring the page up to date the way a first pass would, without the client's 1 request/s pacing.
            RetryPolicy policy = RetryPolicy.defaults();
            SyncReport primed = new ApiClients(
                            ApiTransport.newHttpClient(policy), policy, RequestGate.OPEN, Sleeper.SYSTEM)
                    .syncService(settings)
                    .sync();
            if (!primed.succeeded()) {
                throw new IllegalStateException("priming failed: " + primed.readFailures() + primed.writes());
            }
            env.forEach((key, value) -> System.out.println("ENV " + key + "=" + value));
            System.out.println(
                    "READY notices=" + statuspage.unresolvedIncidents().size());
            System.out.flush();
            BufferedReader commands = new BufferedReader(new InputStreamReader(System.in));
            String command;
            while ((command = commands.readLine()) != null && !command.equals("quit")) {
                if (command.equals("churn")) {
                    for (int c = 0; c < 3; c++) {
                        for (String[] incident : byComponent.getOrDefault(components.get(c), List.of())) {
                            pagerDuty.setStatus(incident[0], incident[1], "resolved");
                        }
                    }
                    for (int c = tagged; c < tagged + 2; c++) {
                        pagerDuty.addIncident(
                                "account0", seed("datadog.json", components.get(c), "acknowledged", Instant.now()));
                    }
                    System.out.println("OK");
                    System.out.flush();
                }
            }
        }
    }

    private static PagerDutyStandIn.IncidentSeed seed(String source, String component, String status, Instant created) {
        JsonNode incident = Fixtures.json("pagerduty/incidents/" + source);
        ObjectNode channel = (ObjectNode)
                incident.path("first_trigger_log_entry").path("channel").deepCopy();
        ObjectNode details = channel.path("details").isObject() ? (ObjectNode) channel.path("details") : null;
        switch (source) {
            case "datadog.json" ->
                details.put("tags", "aws-prod, env:prod, host:api-7.prod.internal, monitor, component:" + component);
            case "pingdom.json" -> {
                ArrayNode tags = details.putArray("tags");
                tags.add("production");
                tags.add("component_" + component);
            }
            case "email.json" ->
                channel.put("body", "Queue depth is 10412 (threshold 10000).\nComponent: " + component + "\n");
            case "alertmanager.json" -> {
                ((ObjectNode) details.path("firing").get(0).path("labels")).put("component", component);
                ((ObjectNode) channel.path("cef_details")).set("details", details.deepCopy());
            }
            default -> {
                details.put("Component", component);
                ((ObjectNode) channel.path("cef_details")).set("details", details.deepCopy());
            }
        }
        return new PagerDutyStandIn.IncidentSeed(incident.path("title").asText(), status, created, channel, null);
    }
}
