package dev.pagerstatus.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpExchange;
import dev.pagerstatus.standin.PagerDutyStandIn;
import dev.pagerstatus.standin.StandInApis;
import dev.pagerstatus.standin.StatuspageStandIn;
import dev.pagerstatus.support.Json;
import dev.pagerstatus.support.Log;
import dev.pagerstatus.support.Secret;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * A major outage against {@code serve}, with the vendors' limits enforced by the stand-ins (Statuspage: 60 requests
 * in any rolling minute per key, answered 420 past it). Two accounts, each with its signed webhook subscription;
 * 240 incidents trigger in 40 s over 24 components through the Events API; then, a quarter-second apart, 20
 * acknowledgements (one per component: each opens a notice), 5 incidents raised to P1, 3 {@code #public} notes,
 * and, 10 s later, every incident on 8 components resolved. Measured, for each change, from the call that makes it in
 * PagerDuty (its webhook follows at once) to the Statuspage write that shows it; the time from the last event
 * until the page is right; the 420/429 answers; and whether any component ends with two notices or a wrong state.
 *
 * <p>{@code MajorOutageBenchmark jar...}: each jar's {@code serve} in turn, each against a fresh world.
 */
public final class MajorOutageBenchmark {
    private static final int COMPONENTS = 24;
    private static final int INCIDENTS = 240;
    private static final Duration TRIGGERING = Duration.ofSeconds(40);
    private static final long STEP_MS = 250;
    private static final Duration RECOVERY_AFTER = Duration.ofSeconds(10);
    private static final String POLICY = "severity:\n  rules:\n    - priority: P1\n      status: major_outage\n";

    /** A Statuspage write as it arrived: when, and its body's {@code incident}. */
    record Write(Instant at, String method, JsonNode incident) {}

    record Latency(String what, long ms) {}

    public static void main(String[] args) throws Exception {
        Log.threshold(Log.Level.ERROR);
        List<String> jars = args.length > 0 ? List.of(args) : List.of("function/target/pagerstatus.jar");
        for (String jar : jars) {
            run(Path.of(jar));
        }
        System.exit(0);
    }

    private static void run(Path jar) throws Exception {
        PagerDutyStandIn pagerDuty = new PagerDutyStandIn();
        StatuspageStandIn statuspage = new StatuspageStandIn("outagepage01", "bench-statuspage-key");
        statuspage.addComponents(components());
        List<String> accounts = List.of("acme", "globex");
        for (String account : accounts) {
            pagerDuty.addAccount(account, "bench-" + account + "-key");
            pagerDuty.addService(account, "PSVC" + account.toUpperCase(), account + " monitoring", "rk-" + account);
        }
        List<Write> writes = new CopyOnWriteArrayList<>();
        AtomicInteger rateLimited = new AtomicInteger();
        AtomicInteger statuspageRequests = new AtomicInteger();
        Filter watch = new Filter() {
            @Override
            public void doFilter(HttpExchange exchange, Chain chain) throws IOException {
                boolean statuspageRequest = exchange.getHttpContext().getPath().startsWith("/statuspage");
                if (statuspageRequest && !exchange.getRequestMethod().equals("GET")) {
                    byte[] body = exchange.getRequestBody().readAllBytes();
                    writes.add(new Write(
                            Instant.now(),
                            exchange.getRequestMethod(),
                            Json.MAPPER.readTree(body).path("incident")));
                    exchange.setStreams(new ByteArrayInputStream(body), null);
                }
                chain.doFilter(exchange);
                if (statuspageRequest) {
                    statuspageRequests.incrementAndGet();
                    if (exchange.getResponseCode() == 420 || exchange.getResponseCode() == 429) {
                        rateLimited.incrementAndGet();
                    }
                }
            }

            @Override
            public String description() {
                return "outage watch";
            }
        };
        Path policy = Files.createTempFile("outage-policy", ".yaml");
        Files.writeString(policy, POLICY);
        try (StandInApis apis = StandInApis.start(pagerDuty, statuspage, List.of(watch))) {
            Process serve = serve(jar, apis, policy, accounts);
            try {
                int port = ServeProcesses.port(serve);
                for (String account : accounts) {
                    pagerDuty.subscribe(
                            account,
                            URI.create("http://127.0.0.1:" + port + "/" + account),
                            Secret.of(secret(account)));
                }
                List<Latency> latencies = new ArrayList<>();
                long settled = play(pagerDuty, statuspage, writes, latencies);
                report(jar, latencies, settled, rateLimited.get(), statuspageRequests.get(), statuspage);
            } finally {
                serve.destroy();
                serve.waitFor();
                Files.deleteIfExists(policy);
            }
        }
    }

    /**
     * The outage, event by event; returns how long after the last event the page was right (-1: not within
     * 120 s), and adds each event's latency, -1 for one the page never showed.
     */
    private static long play(
            PagerDutyStandIn pagerDuty, StatuspageStandIn statuspage, List<Write> writes, List<Latency> latencies)
            throws InterruptedException {
        long gap = TRIGGERING.toMillis() / INCIDENTS;
        for (int i = 0; i < INCIDENTS; i++) {
            pagerDuty.enqueue(trigger(i));
            Thread.sleep(gap);
        }
        Map<Integer, List<String[]>> byComponent = incidentsByComponent(pagerDuty);
        record Expected(String what, Instant at, Predicate<Write> shows) {}
        List<Expected> expected = new ArrayList<>();
        for (int c = 0; c < 20; c++) {
            String[] first = byComponent.get(c).getFirst();
            String component = componentId(c);
            expected.add(new Expected(
                    "acknowledgement → notice public",
                    Instant.now(),
                    write -> write.method().equals("POST")
                            && write.incident().path("components").has(component)));
            pagerDuty.setStatus(first[0], first[1], "acknowledged");
            Thread.sleep(STEP_MS);
        }
        for (int c = 0; c < 5; c++) {
            String[] first = byComponent.get(c).getFirst();
            String component = componentId(c);
            expected.add(new Expected(
                    "P1 → major outage public",
                    Instant.now(),
                    write -> write.incident()
                            .path("components")
                            .path(component)
                            .asText()
                            .equals("major_outage")));
            pagerDuty.setPriority(first[0], first[1], "P1");
            Thread.sleep(STEP_MS);
        }
        for (int c = 5; c < 8; c++) {
            String[] first = byComponent.get(c).getFirst();
            String text = "We have found the cause of the errors on service " + c + " and are rolling back.";
            expected.add(new Expected(
                    "#public note → on the page",
                    Instant.now(),
                    write -> write.incident().path("body").asText().equals(text)));
            pagerDuty.addNote(first[0], first[1], "#public " + text, "oncall@" + first[0] + ".example");
            Thread.sleep(STEP_MS);
        }
        // Outages do not end within seconds of their acknowledgement: recovery comes once every change is public.
        Thread.sleep(RECOVERY_AFTER.toMillis());
        for (int c = 12; c < 20; c++) {
            String component = componentId(c);
            for (String[] incident : byComponent.get(c)) {
                pagerDuty.setStatus(incident[0], incident[1], "resolved");
            }
            expected.add(new Expected(
                    "recovery → notice resolved",
                    Instant.now(),
                    write -> write.incident().path("status").asText().equals("resolved")
                            && write.incident()
                                    .path("components")
                                    .path(component)
                                    .asText()
                                    .equals("operational")));
            Thread.sleep(STEP_MS);
        }
        Instant last = Instant.now();
        long settled = awaitRightPage(statuspage, last);
        for (Expected each : expected) {
            Write shown = writes.stream()
                    .filter(write ->
                            !write.at().isBefore(each.at()) && each.shows().test(write))
                    .findFirst()
                    .orElse(null);
            latencies.add(new Latency(
                    each.what(),
                    shown == null ? -1 : Duration.between(each.at(), shown.at()).toMillis()));
        }
        return settled;
    }

    /** Milliseconds from the last event until the page shows what it must, or -1 after 120 s. */
    private static long awaitRightPage(StatuspageStandIn statuspage, Instant last) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (System.nanoTime() < deadline) {
            if (pageIsRight(statuspage)) {
                return Duration.between(last, Instant.now()).toMillis();
            }
            Thread.sleep(20);
        }
        return -1;
    }

    /** Components 0-4 in a major outage, 5-11 partial, each with one notice; 12-23 operational, none. */
    private static boolean pageIsRight(StatuspageStandIn statuspage) {
        Map<String, Integer> notices = new LinkedHashMap<>();
        for (ObjectNode incident : statuspage.unresolvedIncidents()) {
            incident.path("components")
                    .forEach(component -> notices.merge(component.path("id").asText(), 1, Integer::sum));
        }
        for (int c = 0; c < COMPONENTS; c++) {
            String id = componentId(c);
            String want = c < 5 ? "major_outage" : c < 12 ? "partial_outage" : "operational";
            int wantNotices = c < 12 ? 1 : 0;
            if (!statuspage.componentStatus(id).equals(want) || notices.getOrDefault(id, 0) != wantNotices) {
                return false;
            }
        }
        return true;
    }

    private static void report(
            Path jar,
            List<Latency> latencies,
            long settled,
            int rateLimited,
            int requests,
            StatuspageStandIn statuspage) {
        System.out.printf("jar %s%n", jar);
        Map<String, List<Long>> byWhat = new LinkedHashMap<>();
        latencies.forEach(latency -> byWhat.computeIfAbsent(latency.what(), what -> new ArrayList<>())
                .add(latency.ms()));
        byWhat.forEach((what, ms) -> System.out.printf(
                "  %-34s worst %s, median %s (%d events%s)%n",
                what,
                ms.contains(-1L)
                        ? "not within 120 s"
                        : seconds(ms.stream().mapToLong(Long::longValue).max().orElse(0)),
                seconds(ms.stream().sorted().toList().get(ms.size() / 2)),
                ms.size(),
                ms.contains(-1L) ? ", " + ms.stream().filter(m -> m < 0).count() + " never" : ""));
        System.out.printf(
                "  %-34s %s%n", "page right after the last event", settled < 0 ? "not within 120 s" : seconds(settled));
        System.out.printf("  %-34s %d of %d Statuspage requests%n", "answered 420/429", rateLimited, requests);
        System.out.printf("  %-34s %s%n", "page in the end", pageIsRight(statuspage) ? "right" : "WRONG");
    }

    private static String seconds(long ms) {
        return String.format("%.1f s", ms / 1000.0);
    }

    private static Map<Integer, List<String[]>> incidentsByComponent(PagerDutyStandIn pagerDuty) {
        Map<Integer, List<String[]>> byComponent = new LinkedHashMap<>();
        for (String account : pagerDuty.accountNames()) {
            for (ObjectNode incident : pagerDuty.incidents(account)) {
                String component = incident.path("first_trigger_log_entry")
                        .path("channel")
                        .path("details")
                        .path("component")
                        .asText();
                int c = Integer.parseInt(component.substring(component.length() - 2));
                byComponent
                        .computeIfAbsent(c, key -> new ArrayList<>())
                        .add(new String[] {account, incident.path("id").asText()});
            }
        }
        return byComponent;
    }

    private static ObjectNode trigger(int i) {
        String account = i % 2 == 0 ? "acme" : "globex";
        int c = i % COMPONENTS;
        ObjectNode event = Json.MAPPER.createObjectNode();
        event.put("routing_key", "rk-" + account);
        event.put("event_action", "trigger");
        event.put("dedup_key", "outage-" + i);
        ObjectNode payload = event.putObject("payload");
        payload.put("summary", "Error rate above 5% on service " + c + " (check " + i + ")");
        payload.put("source", "prober-" + (i % 7) + ".prod.internal");
        payload.put("severity", "critical");
        payload.putObject("custom_details").put("component", componentId(c));
        return event;
    }

    private static String componentId(int c) {
        return String.format("outagecomp%02d", c);
    }

    private static ArrayNode components() {
        ArrayNode components = Json.MAPPER.createArrayNode();
        for (int c = 0; c < COMPONENTS; c++) {
            ObjectNode component = components.addObject();
            component.put("id", componentId(c));
            component.put("page_id", "outagepage01");
            component.putNull("group_id");
            component.put("created_at", "2024-02-01T10:12:31.012Z");
            component.put("updated_at", "2026-03-18T09:41:55.214Z");
            component.put("group", false);
            component.put("name", "Service " + c);
            component.putNull("description");
            component.put("position", c + 1);
            component.put("status", "operational");
            component.put("showcase", true);
            component.put("only_show_if_degraded", false);
        }
        return components;
    }

    private static String secret(String account) {
        return "bench-webhook-secret-" + account + "-0123456789";
    }

    private static Process serve(Path jar, StandInApis apis, Path policy, List<String> accounts) throws IOException {
        ProcessBuilder builder = ServeProcesses.builder(jar)
                .redirectError(
                        System.getenv("OUTAGE_SERVE_LOG") == null
                                ? ProcessBuilder.Redirect.DISCARD
                                : ProcessBuilder.Redirect.to(Path.of(System.getenv("OUTAGE_SERVE_LOG"))
                                        .toFile()));
        Map<String, String> env = builder.environment();
        env.put("STATUSPAGE_PAGE", "outagepage01");
        env.put("STATUSPAGE_KEY", "bench-statuspage-key");
        env.put("PAGERDUTY_API_URL", apis.pagerDutyUrl().toString());
        env.put("STATUSPAGE_API_URL", apis.statuspageUrl().toString());
        env.put("PAGERSTATUS_POLICY", policy.toString());
        for (String account : accounts) {
            String name = account.toUpperCase();
            env.put("PD_ACCOUNT_" + name, "bench-" + account + "-key");
            env.put("PD_WEBHOOK_SECRET_" + name, secret(account));
        }
        return builder.start();
    }

    private MajorOutageBenchmark() {}
}
