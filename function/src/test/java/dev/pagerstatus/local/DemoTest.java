package dev.pagerstatus.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pagerstatus.standin.PagerDutyStandIn;
import dev.pagerstatus.support.Secret;
import dev.pagerstatus.webhook.WebhookSignature;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code pagerstatus demo}, driven the way the README and the banner tell a newcomer to drive it. */
class DemoTest {
    private static final Path SAMPLES = Path.of("..", "samples", "demo");
    private static final Duration WAIT = Duration.ofSeconds(20);

    private final HttpClient http = HttpClient.newHttpClient();
    private Demo demo;

    @BeforeEach
    void start() {
        demo = Demo.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), Duration.ZERO);
    }

    @AfterEach
    void stop() {
        demo.close();
    }

    private URI url(String path) {
        return URI.create("http://127.0.0.1:" + demo.port() + path);
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(url(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String contentType, byte[] body, String... headers)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(url(path))
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Waits for the passes the stand-in PagerDuty's webhooks caused (they are delivered synchronously). */
    private void settle() throws InterruptedException {
        assertThat(demo.serve().queue().awaitIdle(WAIT)).isTrue();
    }

    @Test
    void startsWithAnAllOperationalPageAndNothingAcknowledged() throws Exception {
        HttpResponse<String> page = get("/demo");

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("content-type")).hasValue("text/html; charset=utf-8");
        assertThat(page.body()).contains("Acme Status", "All Systems Operational", "Behind the scenes");
        assertThat(get("/demo/state").body())
                .contains("API: operational", "Open notices: none", "acme#4821 triggered", "acme#4826 triggered");
    }

    @Test
    void theWalkThroughHoldsHoweverLateItIsRead() throws Exception {
        // The periodic pass runs whenever it likes; with nothing acknowledged, it publishes nothing.
        demo.serve().queue().request(new dev.pagerstatus.sync.SyncRequest(null, null, "schedule"));
        settle();

        assertThat(get("/demo/state").body()).contains("API: operational", "Open notices: none");
    }

    @Test
    void acknowledgingTheApiIncidentAsTheReadmeDoesOpensTheNotice() throws Exception {
        HttpResponse<String> acknowledged = http.send(
                HttpRequest.newBuilder(url("/demo/pagerduty/incidents/Q1F7K0ZP3XW9LM"))
                        .header("Authorization", "Token token=" + Demo.ACME_KEY)
                        .header("Content-Type", "application/json")
                        .header("Accept", "application/vnd.pagerduty+json;version=2")
                        .header("From", "jordan.reyes@acme.example")
                        .PUT(HttpRequest.BodyPublishers.ofString(
                                "{\"incident\": {\"type\": \"incident_reference\", \"status\": \"acknowledged\"}}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        settle();

        assertThat(acknowledged.statusCode()).isEqualTo(200);
        assertThat(demo.pagerDuty().deliveries())
                .extracting(PagerDutyStandIn.Delivery::eventType, PagerDutyStandIn.Delivery::status)
                // pagerstatus's own note with the notice's link comes back as incident.annotated: answered, ignored.
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("incident.acknowledged", 202),
                        org.assertj.core.groups.Tuple.tuple("incident.annotated", 200));
        assertThat(get("/demo/state").body())
                .contains("API: partial_outage", "\"Investigating errors in API\" (investigating)");
        assertThat(get("/demo").body())
                .contains("Some systems are affected", "Investigating errors in API", "incident.acknowledged");
    }

    @Test
    void theSignedSampleWebhookIsAcceptedButChangesNothingUntilPagerDutySaysSo() throws Exception {
        byte[] body = Files.readAllBytes(SAMPLES.resolve("webhook-acknowledged.json"));
        String signature =
                Files.readString(SAMPLES.resolve("webhook-acknowledged.sig")).strip();

        HttpResponse<String> first = post("/acme", "application/json", body, "X-PagerDuty-Signature", signature);
        settle();
        HttpResponse<String> again = post("/acme", "application/json", body, "X-PagerDuty-Signature", signature);
        byte[] tampered = new String(body, StandardCharsets.UTF_8)
                .replace("acknowledged", "resolved")
                .getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> forged = post("/acme", "application/json", tampered, "X-PagerDuty-Signature", signature);

        assertThat(first.statusCode()).isEqualTo(202);
        assertThat(get("/demo/state").body()).contains("API: operational", "acme#4821 triggered");
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(again.body()).isEqualTo("{\"status\":\"duplicate\"}");
        assertThat(forged.statusCode()).isEqualTo(401);
    }

    @Test
    void theReadmeWalkThroughInOneGoShowsEveryStepOnceSettled() throws Exception {
        http.send(
                HttpRequest.newBuilder(url("/demo/pagerduty/incidents/Q1F7K0ZP3XW9LM"))
                        .header("Authorization", "Token token=" + Demo.ACME_KEY)
                        .header("Content-Type", "application/json")
                        .header("From", "jordan.reyes@acme.example")
                        .PUT(HttpRequest.BodyPublishers.ofString(
                                "{\"incident\": {\"type\": \"incident_reference\", \"status\": \"acknowledged\"}}"))
                        .build(),
                HttpResponse.BodyHandlers.discarding());
        assertThat(get("/demo/state?settle").body()).contains("API: partial_outage");
        byte[] sample = Files.readAllBytes(SAMPLES.resolve("webhook-acknowledged.json"));
        String signature =
                Files.readString(SAMPLES.resolve("webhook-acknowledged.sig")).strip();
        post("/acme", "application/json", sample, "X-PagerDuty-Signature", signature);
        post("/acme", "application/json", sample, "X-PagerDuty-Signature", signature);

        // play-incident.sh: each step, then the page once pagerstatus has caught up (passes are paced by now).
        for (String[] step : new String[][] {
            {"trigger", "Payments: operational"},
            {"acknowledge", "Payments: partial_outage"},
            {"resolve", "Payments: operational"}
        }) {
            post(
                    "/demo/pagerduty/v2/enqueue",
                    "application/json",
                    Files.readAllBytes(SAMPLES.resolve("events/" + step[0] + ".json")));
            assertThat(get("/demo/state?settle").body()).as(step[0]).contains(step[1]);
        }
        assertThat(get("/demo/state").body()).contains("API: partial_outage", "Payments: operational");
    }

    @Test
    void theSampleSignatureIsTheDemoSecretsSignatureOfTheSampleBody() throws Exception {
        byte[] body = Files.readAllBytes(SAMPLES.resolve("webhook-acknowledged.json"));
        String signature =
                Files.readString(SAMPLES.resolve("webhook-acknowledged.sig")).strip();

        assertThat(WebhookSignature.verify(body, signature, List.of(Secret.of(Demo.WEBHOOK_SECRET))))
                .isTrue();
    }

    @Test
    void playsAnIncidentsLifeThroughTheEventsApiAsTheScriptDoes() throws Exception {
        post(
                "/demo/pagerduty/v2/enqueue",
                "application/json",
                Files.readAllBytes(SAMPLES.resolve("events/trigger.json")));
        settle();
        assertThat(get("/demo/state").body()).contains("Payments: operational").contains("triggered [Payments");

        post(
                "/demo/pagerduty/v2/enqueue",
                "application/json",
                Files.readAllBytes(SAMPLES.resolve("events/acknowledge.json")));
        settle();
        assertThat(get("/demo/state").body()).contains("Payments: partial_outage", "Investigating errors in Payments");

        post(
                "/demo/pagerduty/v2/enqueue",
                "application/json",
                Files.readAllBytes(SAMPLES.resolve("events/resolve.json")));
        settle();
        assertThat(get("/demo/state").body())
                .contains("Payments: operational", "\"Investigating errors in Payments\" (monitoring)");
    }

    @Test
    void theConsoleButtonsTriggerAndAcknowledge() throws Exception {
        HttpResponse<String> triggered = post(
                "/demo/actions",
                "application/x-www-form-urlencoded",
                "action=trigger&component=w8d3n6t2p9kf".getBytes(StandardCharsets.UTF_8));
        settle();
        String incident = demo.pagerDuty().incidents("acme").stream()
                .filter(item -> item.path("status").asText().equals("triggered")
                        && item.toString().contains("w8d3n6t2p9kf"))
                .findFirst()
                .orElseThrow()
                .path("id")
                .asText();

        post(
                "/demo/actions",
                "application/x-www-form-urlencoded",
                ("action=acknowledge&account=acme&incident=" + incident).getBytes(StandardCharsets.UTF_8));
        settle();

        assertThat(triggered.statusCode()).isEqualTo(303);
        assertThat(get("/demo/state").body()).contains("Website: partial_outage");
    }

    @Test
    void theConsoleEscalatesWithAPriorityAndPublishesAPublicNote() throws Exception {
        String apiIncident = "Q1F7K0ZP3XW9LM";
        form("action=acknowledge&account=acme&incident=" + apiIncident);
        assertThat(get("/demo/state?settle").body()).contains("API: partial_outage");

        form("action=priority&account=acme&incident=" + apiIncident + "&priority=P1");
        String escalated = get("/demo/state?settle").body();
        form("action=note&account=acme&incident=" + apiIncident
                + "&content=%23public+We+have+found+the+cause+and+are+rolling+back.");
        String noted = get("/demo/state?settle").body();
        form("action=note&account=acme&incident=" + apiIncident + "&content=restarted+api-7.prod.internal");
        String afterPrivateNote = get("/demo/state?settle").body();

        assertThat(escalated)
                .contains(
                        "API: major_outage",
                        "acme#4821 acknowledged P1",
                        "latest update: API is now experiencing a major outage.");
        assertThat(noted).contains("latest update: We have found the cause and are rolling back.");
        assertThat(afterPrivateNote).isEqualTo(noted).doesNotContain("api-7");
        assertThat(demo.pagerDuty().deliveries())
                .extracting(PagerDutyStandIn.Delivery::eventType)
                .containsExactly(
                        "incident.acknowledged",
                        "incident.annotated", // pagerstatus's own note, with the notice's link
                        "incident.priority_updated",
                        "incident.annotated",
                        "incident.annotated");
    }

    private void form(String body) throws Exception {
        HttpResponse<String> response =
                post("/demo/actions", "application/x-www-form-urlencoded", body.getBytes(StandardCharsets.UTF_8));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(303);
    }

    @Test
    void thePageUpdatesItselfInPlaceAndReloadsOnlyWithoutScript() throws Exception {
        String noScriptReload = "<noscript><meta http-equiv=\"refresh\" content=\"2\"></noscript>";

        String page = get("/demo").body();

        // The script patches what changed and leaves a form control with the person's input alone; the
        // browser test (scripts/browser-test.mjs) checks that in Chromium.
        assertThat(page).contains(noScriptReload, "<script>", "function patchChildren(");
        assertThat(page.replace(noScriptReload, "")).doesNotContain("http-equiv=\"refresh\"");
        assertThat(page)
                .as("each incident's row and forms are keyed, so an update never swaps one for another")
                .contains("<tr data-key=\"acme/Q1F7K0ZP3XW9LM\">", "data-key=\"note\"", "data-key=\"priority\"");
    }

    @Test
    void aMaintenanceReadsAsStatuspageNamesItsStatuses() throws Exception {
        form("action=maintenance&component=t9p4f7s1k8vb");
        String during = get("/demo").body();
        form("action=end-maintenance&component=t9p4f7s1k8vb");
        String after = get("/demo").body();

        assertThat(during)
                .contains("<b>In progress</b> - Scheduled maintenance")
                .doesNotContain("In_progress");
        assertThat(after).contains("<b>Completed</b>");
        assertThat(DemoPage.updateLabel("verifying")).isEqualTo("Verifying");
        assertThat(DemoPage.updateLabel("scheduled")).isEqualTo("Scheduled");
    }

    @Test
    void theConsoleRefusesWhatItDoesNotKnow() throws Exception {
        assertThat(post(
                                "/demo/actions",
                                "application/x-www-form-urlencoded",
                                "action=delete".getBytes(StandardCharsets.UTF_8))
                        .statusCode())
                .isEqualTo(400);
        assertThat(post(
                                "/demo/actions",
                                "application/x-www-form-urlencoded",
                                "action=resolve&account=acme&incident=QNOPE".getBytes(StandardCharsets.UTF_8))
                        .statusCode())
                .isEqualTo(400);
    }

    @Test
    void escapesIncidentTextOnThePage() throws Exception {
        post(
                "/demo/pagerduty/v2/enqueue",
                "application/json",
                ("{\"routing_key\": \"" + Demo.ROUTING_KEY + "\","
                                + " \"event_action\": \"trigger\", \"payload\": {\"summary\": \"<script>alert(1)</script>\","
                                + " \"source\": \"x\", \"severity\": \"error\"}}")
                        .getBytes(StandardCharsets.UTF_8));
        settle();

        assertThat(get("/demo").body())
                .contains("&lt;script&gt;alert(1)&lt;/script&gt;")
                .doesNotContain("<script>alert");
    }

    @Test
    void thePlayScriptRunsAgainstTheDemo() throws Exception {
        ProcessBuilder builder = new ProcessBuilder(
                        "bash", SAMPLES.resolve("play-incident.sh").toString(), url("").toString())
                .redirectErrorStream(true);
        // Only that it runs is checked here; the steps are checked above, and monitoring's end by the timer specs.
        builder.environment().put("MONITORING_WAIT", "0");
        Process script = builder.start();
        script.getOutputStream().close();
        String output = new String(script.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(script.waitFor()).as(output).isZero();
        assertThat(output)
                .contains(
                        "1. Alertmanager triggers",
                        "2. The on-call engineer acknowledges",
                        "3. The fix works",
                        "4. Nothing" + " reopened");
    }

    /** Runs a sample script against the demo, as the README does; returns what it printed. */
    private String runScript(String name, String... environment) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(
                        "bash", SAMPLES.resolve(name).toString(), url("").toString())
                .redirectErrorStream(true);
        for (int i = 0; i < environment.length; i += 2) {
            builder.environment().put(environment[i], environment[i + 1]);
        }
        Process script = builder.start();
        script.getOutputStream().close();
        String output = new String(script.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(script.waitFor()).as(output).isZero();
        return output;
    }

    @Test
    void theShareThePageScriptShowsTheSecondPageTheNotesATakeoverAndAMaintenance() throws Exception {
        assertShowsWhatItNarrates(runScript("share-the-page.sh"));
    }

    @Test
    void theShareThePageScriptShowsWhatItNarratesAfterTheLifecycleScriptAsTheReadmeRunsThem() throws Exception {
        // What lifecycle.sh leaves (faster than running it): acme#4821 raised to P1, then resolved.
        form("action=acknowledge&account=acme&incident=Q1F7K0ZP3XW9LM");
        form("action=priority&account=acme&incident=Q1F7K0ZP3XW9LM&priority=P1");
        form("action=resolve&account=acme&incident=Q1F7K0ZP3XW9LM");
        assertThat(get("/demo/state?settle").body()).contains("acme#4821 resolved P1");

        assertShowsWhatItNarrates(runScript("share-the-page.sh"));
    }

    private static void assertShowsWhatItNarrates(String output) {
        String[] steps = output.split("\n(?=\\d\\. )");
        assertThat(steps).hasSize(5);
        // 1. The VPN notice is on the internal page only, and its incident was told the link.
        assertThat(steps[0].substring(
                        steps[0].indexOf("Status page components:"), steps[0].indexOf("Internal page components:")))
                .doesNotContain("VPN");
        assertThat(steps[0])
                .contains("VPN: partial_outage", "Internal open notices:\n")
                .contains("note from pagerstatus: Customers see this on the status page: https://stspg.io/");
        // 2. The website's notice opens on the public page.
        assertThat(steps[1]).contains("Website: partial_outage", "\"Investigating errors in Website\" (investigating)");
        // 3. The person's words stay the latest update, and the P1 did not escalate the notice.
        assertThat(steps[2])
                .contains("latest update: " + DemoPage.PERSONS_UPDATE)
                .contains("Website: partial_outage")
                .containsPattern("acme#\\d+ acknowledged P1 \\[Website")
                .doesNotContain("Website: major_outage");
        // 4. No notice for the database while it is under maintenance.
        assertThat(steps[3])
                .contains("Database: under_maintenance", "maintenance in progress: Database upgrade")
                .doesNotContain("errors in Database");
        // 5. Once it is over, the notice opens.
        assertThat(steps[4]).contains("Database: partial_outage", "\"Investigating errors in Database\"");
    }

    @Test
    void theConsoleOffersThePeopleOnThePageTheirButtons() throws Exception {
        post(
                "/demo/actions",
                "application/x-www-form-urlencoded",
                "action=acknowledge&account=acme&incident=Q1F7K0ZP3XW9LM".getBytes(StandardCharsets.UTF_8));
        settle();

        String page = get("/demo").body();

        assertThat(page)
                .contains("Acme Internal Status (the second page)", "post an update as a person", "Start a maintenance")
                .contains("note from pagerstatus: Customers see this on the status page");
        assertThat(post(
                                "/demo/actions",
                                "application/x-www-form-urlencoded",
                                "action=take-over&notice=nosuchnotice".getBytes(StandardCharsets.UTF_8))
                        .statusCode())
                .isEqualTo(400);
    }

    @Test
    void theDemosReadKeysCannotManageWebhookSubscriptions() {
        String base = "http://127.0.0.1:" + demo.port();
        java.util.Map<String, String> env = java.util.Map.of(
                "STATUSPAGE_PAGE", Demo.PAGE_ID,
                "STATUSPAGE_KEY", Demo.STATUSPAGE_KEY,
                "PD_ACCOUNT_ACME", Demo.ACME_KEY,
                "PD_ACCOUNT_GLOBEX", Demo.GLOBEX_KEY,
                "PAGERDUTY_API_URL", base + "/demo/pagerduty",
                "STATUSPAGE_API_URL", base + "/demo/statuspage/v1",
                "PD_ADMIN_KEY_ACME", Demo.ACME_KEY,
                "PD_ADMIN_KEY_GLOBEX", Demo.GLOBEX_KEY);
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        java.io.PrintStream quiet = new java.io.PrintStream(java.io.OutputStream.nullOutputStream());
        try {
            assertThat(Main.run(
                            new String[] {"setup", "--url", base},
                            env,
                            quiet,
                            new java.io.PrintStream(err, true, StandardCharsets.UTF_8)))
                    .isEqualTo(Main.USAGE);
        } finally {
            dev.pagerstatus.support.Log.threshold(dev.pagerstatus.support.Log.Level.INFO);
        }
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("account acme: PD_ADMIN_KEY_ACME was refused (403)")
                .doesNotContain(Demo.ACME_KEY);
    }

    @Test
    void setupAndDoctorWorkAgainstTheDemoAndItsWebhooksStayAcceptedAfterARotation(
            @org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path file = dir.resolve("demo.env");
        Files.writeString(file, "PD_WEBHOOK_SECRET_ACME=" + Demo.WEBHOOK_SECRET + "\n");
        Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        String base = "http://127.0.0.1:" + demo.port();
        java.util.Map<String, String> env = java.util.Map.of(
                "STATUSPAGE_PAGE", Demo.PAGE_ID,
                "STATUSPAGE_KEY", Demo.STATUSPAGE_KEY,
                "PD_ACCOUNT_ACME", Demo.ACME_KEY,
                "PD_ACCOUNT_GLOBEX", Demo.GLOBEX_KEY,
                "PAGERDUTY_API_URL", base + "/demo/pagerduty",
                "STATUSPAGE_API_URL", base + "/demo/statuspage/v1",
                "PAGERSTATUS_ENV_FILE", file.toString(),
                "PD_ADMIN_KEY_ACME", Demo.ACME_ADMIN_KEY,
                "PD_ADMIN_KEY_GLOBEX", Demo.GLOBEX_ADMIN_KEY);
        java.io.PrintStream quiet = new java.io.PrintStream(java.io.OutputStream.nullOutputStream());
        try {
            assertThat(Main.run(new String[] {"setup", "--url", base, "--rotate", "--apply"}, env, quiet, quiet))
                    .isZero();
            assertThat(Main.run(new String[] {"doctor", "--url", base}, env, quiet, quiet))
                    .isZero();
        } finally {
            dev.pagerstatus.support.Log.threshold(dev.pagerstatus.support.Log.Level.INFO);
        }
        String incident =
                demo.pagerDuty().incidents("acme").getFirst().path("id").asText();

        demo.pagerDuty().setStatus("acme", incident, "acknowledged");

        assertThat(demo.pagerDuty().deliveries())
                .filteredOn(delivery -> delivery.url().endsWith("/acme"))
                .extracting(PagerDutyStandIn.Delivery::status)
                .isNotEmpty()
                .allMatch(status -> status == 200 || status == 202);
    }
}
