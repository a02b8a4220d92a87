package dev.pagerstatus.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.report.ValidationReport;
import com.atlassian.oai.validator.whitelist.ValidationErrorsWhitelist;
import com.atlassian.oai.validator.whitelist.rule.WhitelistRules;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pagerstatus.pagerduty.WebhookSubscription;
import dev.pagerstatus.support.HttpExchanges;
import dev.pagerstatus.support.Json;
import dev.pagerstatus.sync.SyncService;
import dev.pagerstatus.testing.FakeWorld;
import dev.pagerstatus.testing.Fixtures;
import dev.pagerstatus.testing.ManualClock;
import dev.pagerstatus.testing.Traffic;
import dev.pagerstatus.testing.Traffic.RecordedRequest;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every request pagerstatus sends, checked against the vendors' own OpenAPI descriptions (PagerDuty REST API
 * v2, Statuspage API v1). The descriptions are reference data kept outside this repository, in
 * {@code shared/contracts} beside the checkout or wherever {@code -Dpagerstatus.contracts} points; without them
 * these tests are skipped, not passed.
 *
 * <p>The validator library checks paths, parameters, enums and body schemas. Where it is looser than the
 * descriptions (field names it does not pin, the global security scheme it does not check) this test adds the
 * rule itself, read from the same descriptions; and where a description contradicts its own text, the
 * exception is narrow and says why. {@link #theCheckCatchesRequestsThatDoNotConform} keeps all of that honest.
 */
class VendorContractTest {
    private static final String PAGERDUTY = "pagerduty-rest-openapi3.json";
    private static final String STATUSPAGE = "statuspage-openapi3.json";

    private static Contract pagerDuty;
    private static Contract statuspage;

    private record Contract(OpenAPI api, OpenApiInteractionValidator validator, String authorizationScheme) {}

    /** Set (by CI, where the files are known to be present) to fail rather than skip when they are missing. */
    static final String REQUIRED = "pagerstatus.contracts.required";

    private static final String MISSING = "the vendors' OpenAPI descriptions are not beside the checkout"
            + " (../shared/contracts); set -Dpagerstatus.contracts=<dir> to check every request against them";

    @BeforeAll
    static void loadContracts() {
        Optional<Path> contracts = contractsDirectory();
        if (contracts.isEmpty()) {
            if (Boolean.getBoolean(REQUIRED)) {
                throw new IllegalStateException(MISSING);
            }
            System.err.println("VendorContractTest: SKIPPED: " + MISSING);
            return;
        }
        OpenAPI pagerDutyApi = parse(contracts.get().resolve(PAGERDUTY));
        OpenAPI statuspageApi = parse(contracts.get().resolve(STATUSPAGE));
        // PagerDuty's description contradicts its own text twice. statuses[] is typed as one string, but its
        // description says "pass statuses[] more than once, for example ?statuses[]=triggered&statuses[]=acknowledged".
        // And the Accept value its required Accept parameter defines is not among the declared response types.
        pagerDuty = new Contract(
                pagerDutyApi,
                OpenApiInteractionValidator.createFor(pagerDutyApi)
                        .withWhitelist(ValidationErrorsWhitelist.create()
                                .withRule(
                                        "statuses[] is repeatable, as its description says",
                                        WhitelistRules.allOf(
                                                WhitelistRules.messageHasKey(
                                                        "validation.request.parameter.collection.invalid"),
                                                WhitelistRules.messageContainsSubstring("'statuses[]'")))
                                .withRule(
                                        "the Accept value is the one the Accept parameter defines",
                                        WhitelistRules.allOf(
                                                WhitelistRules.messageHasKey("validation.request.accept.notAllowed"),
                                                WhitelistRules.messageContainsSubstring(
                                                        "application/vnd.pagerduty+json;version=2"))))
                        .build(),
                "Token token=");
        // Statuspage's description models the components map (component id -> status) with one example id as
        // its only property. Other ids are allowed there; strictComponentsMap checks their values instead.
        statuspage = new Contract(
                statuspageApi,
                OpenApiInteractionValidator.createFor(statuspageApi)
                        .withBasePathOverride("/")
                        .withWhitelist(ValidationErrorsWhitelist.create()
                                .withRule(
                                        "components is a map of component id to status",
                                        WhitelistRules.allOf(
                                                WhitelistRules.messageHasKey(
                                                        "validation.request.body.schema.additionalProperties"),
                                                WhitelistRules.messageContainsSubstring(
                                                        "[Path '/incident/components']"))))
                        .build(),
                "OAuth ");
    }

    /** Each test reports itself skipped, with the reason, when the descriptions are missing. */
    @BeforeEach
    void requireContracts() {
        assumeTrue(pagerDuty != null, MISSING);
    }

    @Test
    void everyRequestPagerstatusSendsConformsToTheVendorsOpenApiDescriptions() {
        List<RecordedRequest> pagerDutyRequests;
        List<RecordedRequest> statuspageRequests;
        try (FakeWorld world = new FakeWorld()) {
            playEveryKindOfWrite(world);
            playTheLifecycle(world);
            playASharedPage(world);
            playWebhookSubscriptions(world);
            pagerDutyRequests = world.traffic.pagerDuty().stream()
                    // the test seeding PagerDuty through its Events API, not a request pagerstatus sends
                    .filter(request -> !request.path().equals("/v2/enqueue"))
                    .toList();
            statuspageRequests = world.traffic.statuspage();
        }

        List<String> violations = new ArrayList<>();
        Set<String> operations = new TreeSet<>();
        pagerDutyRequests.forEach(request -> violations.addAll(check(pagerDuty, request)));
        statuspageRequests.forEach(request -> violations.addAll(check(statuspage, request)));
        pagerDutyRequests.forEach(request -> operations.add(operation(request)));
        statuspageRequests.forEach(request -> operations.add(operation(request)));

        assertThat(violations).isEmpty();
        assertThat(operations)
                .containsExactly(
                        "DELETE /webhook_subscriptions/{id}",
                        "GET /incidents",
                        "GET /incidents/{id}",
                        "GET /incidents/{id}/notes",
                        "GET /log_entries",
                        "GET /pages/{page}/components",
                        "GET /pages/{page}/incidents",
                        "GET /pages/{page}/incidents/active_maintenance",
                        "GET /pages/{page}/incidents/unresolved",
                        "GET /webhook_subscriptions",
                        "PATCH /pages/{page}/incidents/{id}",
                        "POST /incidents/{id}/notes",
                        "POST /pages/{page}/incidents",
                        "POST /webhook_subscriptions",
                        "POST /webhook_subscriptions/{id}/enable",
                        "POST /webhook_subscriptions/{id}/ping",
                        "PUT /webhook_subscriptions/{id}");
        // open, adopt, close a duplicate, record incidents behind a notice, resolve; escalate, post a public note,
        // monitor, relapse, resolve after monitoring
        assertThat(statuspageRequests)
                .filteredOn(request -> request.method().equals("PATCH"))
                .hasSizeGreaterThanOrEqualTo(9)
                .extracting(request -> Json.MAPPER
                        .readTree(request.body())
                        .path("incident")
                        .path("status")
                        .asText(""))
                .contains("monitoring", "investigating", "resolved");
    }

    @Test
    void theCheckCatchesRequestsThatDoNotConform() {
        RecordedRequest badCreate = new RecordedRequest(
                Traffic.STATUSPAGE,
                "POST",
                "/pages/kctbh9vrtdwd/incidents",
                null,
                Map.of("content-type", "application/json", "authorization", "Bearer abc"),
                "{\"incident\": {\"name\": \"x\", \"status\": \"broken\", \"deliver_notification\": true,"
                        + " \"components\": {\"r3n8d5w2c6hj\": \"down\"}, \"metadata\": {\"pagerstatus\": \"true\"}}}");
        RecordedRequest badListing = new RecordedRequest(
                Traffic.PAGERDUTY,
                "GET",
                "/incidents",
                "statuses%5B%5D=open&limit=100",
                Map.of("accept", "application/vnd.pagerduty+json;version=2", "content-type", "application/json"),
                "");

        assertThat(check(statuspage, badCreate))
                .anyMatch(violation -> violation.contains("broken"))
                .anyMatch(violation -> violation.contains("deliver_notification"))
                .anyMatch(violation -> violation.contains("down"))
                .anyMatch(violation -> violation.contains("metadata.pagerstatus"))
                .anyMatch(violation -> violation.contains("Authorization"));
        assertThat(check(pagerDuty, badListing))
                .anyMatch(violation -> violation.contains("open"))
                .anyMatch(violation -> violation.contains("Authorization"));
    }

    /** Opens, adopts, closes a duplicate, records the incidents behind a notice, and resolves. */
    private static void playEveryKindOfWrite(FakeWorld world) {
        ObjectNode legacy = (ObjectNode)
                Fixtures.json("statuspage/incidents-unresolved.json").get(1);
        world.statuspage.addIncident(legacy);
        ObjectNode api = world.incident("acme", "datadog.json", "acknowledged");
        world.incident("globex", "alertmanager.json", "acknowledged");
        world.incident("globex", "pingdom.json", "acknowledged");
        // Cold command-line passes, as from cron; outside the net's minute they read each account's log.
        java.util.function.Supplier<SyncService> cold = () ->
                world.clients().withClock(ManualClock.nowOutsideTheNetsMinute()).syncService(world.settings());
        cold.get().sync();
        ObjectNode duplicate = world.statuspage.unresolvedIncidents().getFirst().deepCopy();
        duplicate.put("id", "dup000000001");
        duplicate.put("created_at", "2030-01-01T00:00:00Z");
        ((ObjectNode) ((ArrayNode) duplicate.path("incident_updates")).get(0))
                .put("created_at", "2030-01-01T00:00:00Z");
        world.statuspage.addIncident(duplicate);
        world.incident("globex", "datadog.json", "triggered");
        cold.get().sync();
        world.pagerDuty.setStatus("acme", api.path("id").asText(), "resolved");
        world.pagerDuty
                .incidents("globex")
                .forEach(incident ->
                        world.pagerDuty.setStatus("globex", incident.path("id").asText(), "resolved"));
        cold.get().sync();
    }

    /** Every lifecycle write, under a policy, on a clock the test moves: escalation, note, monitoring, relapse. */
    private static void playTheLifecycle(FakeWorld world) {
        ManualClock clock = new ManualClock(Instant.now());
        String policy = "severity:\n  rules:\n    - priority: P1\n      status: major_outage\n"
                + "publish:\n  resolve_after: 5m\n";
        SyncService sync = world.clients().withClock(clock).syncService(world.settings(policy));
        ObjectNode database = world.incident("acme", "events-v2-custom.json", "acknowledged");
        String id = database.path("id").asText();
        sync.pass(Set.of());
        world.pagerDuty.setPriority("acme", id, "P1");
        sync.pass(Set.of());
        world.pagerDuty.addNote("acme", id, "#public We are failing over to the standby.", "jordan@acme.example");
        sync.pass(Set.of("acme/" + id));
        world.pagerDuty.setStatus("acme", id, "resolved");
        sync.pass(Set.of());
        ObjectNode again = world.incident("acme", "events-v2-custom.json", "acknowledged");
        sync.pass(Set.of());
        world.pagerDuty.setStatus("acme", again.path("id").asText(), "resolved");
        sync.pass(Set.of());
        clock.advance(Duration.ofMinutes(6));
        sync.pass(Set.of());
    }

    /**
     * Two pages, a maintenance, a person taking a notice over and notes to PagerDuty: the reads and writes that
     * sharing the page adds.
     */
    private static void playASharedPage(FakeWorld world) {
        // The plays before used most of this minute's budget; what is checked here is what is sent.
        world.statuspage.requestsPerMinute(0);
        Map<String, String> env = world.environmentWithNotes();
        env.put("STATUSPAGE_PAGE", FakeWorld.PAGE + "," + FakeWorld.INTERNAL_PAGE);
        world.statuspage.addMaintenance(
                "Search reindex",
                List.of(FakeWorld.SEARCH),
                Instant.now().minus(Duration.ofMinutes(5)),
                Instant.now().plus(Duration.ofHours(1)),
                true);
        ObjectNode vpn = world.incidentTagged("acme", "acknowledged", "component:" + FakeWorld.VPN);
        world.incidentTagged("acme", "acknowledged", "component:" + FakeWorld.SEARCH);
        world.incidentTagged("acme", "triggered", "component:nosuch0comp01");
        world.syncService(env).pass(Set.of());
        String notice =
                world.internal.unresolvedIncidents().getFirst().path("id").asText();
        world.internal.personUpdate(notice, "identified", "We are looking at the VPN concentrators.");
        world.pagerDuty.setStatus("acme", vpn.path("id").asText(), "resolved");
        world.syncService(env).pass(Set.of());
    }

    /** Every webhook subscription request, account- and service-scoped, as setup sends them. */
    private static void playWebhookSubscriptions(FakeWorld world) {
        var subscriptions = world.clients()
                .webhookSubscriptions(
                        world.settings(), "acme", dev.pagerstatus.support.Secret.of(FakeWorld.ACME_ADMIN_KEY));
        var service = new WebhookSubscription.Scope(WebhookSubscription.Scope.Kind.SERVICE, "PSVC101");
        try {
            for (WebhookSubscription.Scope scope : List.of(WebhookSubscription.Scope.ACCOUNT, service)) {
                String id = subscriptions
                        .create(
                                java.net.URI.create("https://hooks.example.com/acme"),
                                "pagerstatus acme",
                                List.of("incident.triggered", "incident.resolved"),
                                scope)
                        .subscription()
                        .id();
                subscriptions.list(scope);
                subscriptions.listAll();
                subscriptions.describe(id, "pagerstatus acme (secret 0a1b2c3d)");
                subscriptions.update(id, List.of("incident.triggered", "incident.resolved", "incident.annotated"));
                subscriptions.enable(id);
                subscriptions.ping(id);
                subscriptions.delete(id);
            }
        } catch (dev.pagerstatus.http.ApiException e) {
            throw new AssertionError(e);
        }
    }

    private static List<String> check(Contract contract, RecordedRequest recorded) {
        String where = recorded.method() + " " + recorded.path() + ": ";
        SimpleRequest.Builder request =
                new SimpleRequest.Builder(Request.Method.valueOf(recorded.method()), recorded.path());
        HttpExchanges.query(recorded.query()).forEach(request::withQueryParam);
        recorded.headers().forEach(request::withHeader);
        if (!recorded.body().isEmpty()) {
            request.withBody(recorded.body());
        }
        List<String> violations = new ArrayList<>();
        contract.validator().validateRequest(request.build()).getMessages().stream()
                .filter(message -> message.getLevel() == ValidationReport.Level.ERROR)
                .forEach(message -> violations.add(where + message.getMessage()));
        String authorization = recorded.headers().getOrDefault("authorization", "");
        if (!authorization.startsWith(contract.authorizationScheme())) {
            violations.add(where + "the Authorization header does not use the scheme '" + contract.authorizationScheme()
                    + "' the description's api_key security scheme documents");
        }
        if (recorded.path().matches("/pages/[^/]+/incidents(/[^/]+)?")
                && !recorded.method().equals("GET")) {
            violations.addAll(strictIncidentBody(contract.api(), recorded.method(), recorded.body()).stream()
                    .map(violation -> where + violation)
                    .toList());
        }
        return violations;
    }

    /** What the validator does not pin down in an incident body, checked against the same description. */
    @SuppressWarnings("rawtypes")
    private static List<String> strictIncidentBody(OpenAPI api, String method, String body) {
        Schema incidentSchema = (Schema) api.getComponents()
                .getSchemas()
                .get(method.equals("POST") ? "postPagesPageIdIncidents" : "patchPagesPageIdIncidents")
                .getProperties()
                .get("incident");
        JsonNode incident;
        try {
            incident = Json.MAPPER.readTree(body).path("incident");
        } catch (IOException e) {
            return List.of("the body is not JSON");
        }
        List<String> violations = new ArrayList<>();
        Map<?, ?> declared = incidentSchema.getProperties();
        incident.fieldNames().forEachRemaining(field -> {
            if (!declared.containsKey(field)) {
                violations.add("incident." + field + " is not a field the description declares");
            }
        });
        Schema componentsMap = (Schema) declared.get("components");
        List<?> statuses =
                ((Schema) componentsMap.getProperties().values().iterator().next()).getEnum();
        incident.path("components").properties().forEach(entry -> {
            if (!statuses.contains(entry.getValue().asText())) {
                violations.add("incident.components." + entry.getKey() + " = '"
                        + entry.getValue().asText() + "' is not one of " + statuses);
            }
        });
        // The description: "Attach a json object to the incident. All top-level values in the object must also be
        // objects."
        incident.path("metadata").properties().forEach(entry -> {
            if (!entry.getValue().isObject()) {
                violations.add("incident.metadata." + entry.getKey() + " must be an object");
            }
        });
        return violations;
    }

    private static String operation(RecordedRequest request) {
        return request.method() + " "
                + request.path()
                        .replaceAll("/pages/[^/]+", "/pages/{page}")
                        .replaceAll("/webhook_subscriptions/[^/]+", "/webhook_subscriptions/{id}")
                        .replaceAll("/incidents/(?!unresolved|active_maintenance)[^/]+(/notes)?$", "/incidents/{id}$1");
    }

    /**
     * PagerDuty's file has a few {@code $ref}s into parameters and responses (in operations pagerstatus never
     * calls) that the parser reports and resolves around; the model it builds is used as it is.
     */
    private static OpenAPI parse(Path specification) {
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        OpenAPI api = new OpenAPIV3Parser()
                .readLocation(specification.toUri().toString(), null, options)
                .getOpenAPI();
        assertThat(api).as("parsed " + specification).isNotNull();
        return api;
    }

    private static Optional<Path> contractsDirectory() {
        String configured = System.getProperty("pagerstatus.contracts");
        if (configured != null) {
            return Optional.of(Path.of(configured)).filter(dir -> Files.exists(dir.resolve(PAGERDUTY)));
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("shared").resolve("contracts");
            if (Files.exists(candidate.resolve(PAGERDUTY)) && Files.exists(candidate.resolve(STATUSPAGE))) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }
}
