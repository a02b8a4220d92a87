package dev.pagerstatus.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pagerstatus.config.EnvironmentSettings;
import dev.pagerstatus.http.ApiTransport;
import dev.pagerstatus.http.RequestGate;
import dev.pagerstatus.http.RetryPolicy;
import dev.pagerstatus.standin.PagerDutyStandIn;
import dev.pagerstatus.standin.StandInApis;
import dev.pagerstatus.standin.StatuspageStandIn;
import dev.pagerstatus.support.Log;
import dev.pagerstatus.support.Sleeper;
import dev.pagerstatus.sync.ApiClients;
import dev.pagerstatus.testing.Fixtures;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The world the cold-start comparison runs in, in its own JVM: one PagerDuty account with 80 acknowledged incidents
 * over 20 components (Datadog tags), and a page whose first 15 components already carry pagerstatus's notices, so a
 * pass opens 5. Every request is answered {@code latency-ms} late. Prints {@code ENV NAME=VALUE} lines and
 * {@code READY}, then obeys {@code reset} (close the notices of the last 5 components again, so the next pass opens
 * 5) and {@code quit}, answering {@code OK}.
 */
public final class ComparisonWorld {
    static final int COMPONENTS = 20;
    static final int INCIDENTS = 80;
    static final int OPEN_NOTICES = 15;

    /** The running world: the settings that point at it, and {@code reset} to make the next pass open 5 again. */
    record Running(StandInApis apis, Map<String, String> env, Runnable reset, StatuspageStandIn statuspage)
            implements AutoCloseable {
        @Override
        public void close() {
            apis.close();
        }
    }

    public static void main(String[] args) throws Exception {
        int latencyMillis = Integer.parseInt(args.length > 0 ? args[0] : "0");
        Log.threshold(Log.Level.ERROR);
        try (Running world = start(latencyMillis)) {
            world.env().forEach((key, value) -> System.out.println("ENV " + key + "=" + value));
            System.out.println(
                    "READY notices=" + world.statuspage().unresolvedIncidents().size());
            System.out.flush();
            BufferedReader commands = new BufferedReader(new InputStreamReader(System.in));
            String command;
            while ((command = commands.readLine()) != null && !command.equals("quit")) {
                if (command.equals("reset")) {
                    world.reset().run();
                }
                System.out.println(
                        "OK notices=" + world.statuspage().unresolvedIncidents().size());
                System.out.flush();
            }
        }
    }

    /** Builds the world, brings the page up to 15 open notices the way a first pass would, and starts serving it. */
    static Running start(int latencyMillis) {
        PagerDutyStandIn pagerDuty = new PagerDutyStandIn();
        StatuspageStandIn statuspage = new StatuspageStandIn("comparepage1", "compare-statuspage-key");
        statuspage.requestsPerMinute(0);
        pagerDuty.addAccount("acme", "compare-pd-key");
        List<String> components = new ArrayList<>();
        for (int i = 0; i < COMPONENTS; i++) {
            String id = String.format("cmp%09d", i);
            components.add(id);
            statuspage.addComponent(id, "Service " + i);
        }
        JsonNode source = Fixtures.json("pagerduty/incidents/datadog.json");
        for (int i = 0; i < INCIDENTS; i++) {
            ObjectNode channel = (ObjectNode)
                    source.path("first_trigger_log_entry").path("channel").deepCopy();
            ((ObjectNode) channel.path("details"))
                    .put("tags", "aws-prod, env:prod, monitor, component:" + components.get(i % COMPONENTS));
            pagerDuty.addIncident(
                    "acme",
                    new PagerDutyStandIn.IncidentSeed(
                            source.path("title").asText(),
                            "acknowledged",
                            Instant.now().minus(Duration.ofMinutes(30 + i)),
                            channel,
                            null));
        }
        StandInApis apis = StandInApis.start(
                pagerDuty,
                statuspage,
                latencyMillis == 0 ? List.of() : List.of(StandInApis.latency(Duration.ofMillis(latencyMillis))));
        Map<String, String> env = new LinkedHashMap<>();
        env.put(EnvironmentSettings.STATUSPAGE_PAGE, statuspage.pageId());
        env.put(EnvironmentSettings.STATUSPAGE_KEY, "compare-statuspage-key");
        env.put("PD_ACCOUNT_ACME", "compare-pd-key");
        env.put(EnvironmentSettings.PAGERDUTY_API_URL, apis.pagerDutyUrl().toString());
        env.put(EnvironmentSettings.STATUSPAGE_API_URL, apis.statuspageUrl().toString());
        RetryPolicy retries = RetryPolicy.defaults();
        try (ApiClients clients =
                new ApiClients(ApiTransport.newHttpClient(retries), retries, RequestGate.OPEN, Sleeper.SYSTEM)) {
            clients.syncService(EnvironmentSettings.load(env)).sync();
        }
        if (statuspage.unresolvedIncidents().size() != COMPONENTS) {
            throw new IllegalStateException("expected a notice per component, got "
                    + statuspage.unresolvedIncidents().size());
        }
        Runnable reset = () -> reset(statuspage, components);
        reset.run();
        return new Running(apis, env, reset, statuspage);
    }

    /** Removes the notices of the last five components and sets them back to operational. */
    private static void reset(StatuspageStandIn statuspage, List<String> components) {
        List<String> last = components.subList(OPEN_NOTICES, COMPONENTS);
        for (ObjectNode notice : statuspage.unresolvedIncidents()) {
            String component = notice.path("components").path(0).path("id").asText();
            if (last.contains(component)) {
                statuspage.removeIncident(notice.path("id").asText());
            }
        }
        last.forEach(component -> statuspage.setComponentStatus(component, "operational"));
    }
}
