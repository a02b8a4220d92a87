package dev.pagerstatus.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pagerstatus.config.PagerDutyAccount;
import dev.pagerstatus.config.Settings;
import dev.pagerstatus.policy.Policy;
import dev.pagerstatus.support.Json;
import dev.pagerstatus.support.Secret;
import dev.pagerstatus.sync.SyncRequest;
import dev.pagerstatus.sync.SyncTrigger;
import dev.pagerstatus.testing.Fixtures;
import dev.pagerstatus.testing.LogLines;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class WebhookReceiverTest {
    private static final Secret SECRET = Secret.of("Wz1kQp8vN3rT6yU9xA2cF5hJ8mL0oS4d");
    private static final Secret API_KEY = Secret.of("pd-api-key-never-shown");

    private final List<SyncRequest> requested = new CopyOnWriteArrayList<>();

    @RegisterExtension
    final LogLines logLines = new LogLines();

    private final List<String> logs = logLines.lines();
    private SyncTrigger trigger = requested::add;

    private WebhookReceiver receiver() {
        Settings settings = new Settings(
                "kctbh9vrtdwd",
                Secret.of("sp-key"),
                List.of(
                        new PagerDutyAccount("acme", API_KEY, List.of(SECRET)),
                        new PagerDutyAccount("legacy", API_KEY, List.of())),
                URI.create("https://api.pagerduty.com"),
                URI.create("https://api.statuspage.io/v1"),
                Policy.defaults());
        return new WebhookReceiver(
                WebhookAccounts.of(settings), request -> trigger.request(request), new DeliveryIds(100));
    }

    /** A POST as PagerDuty sends it: JSON, unless {@code headers} names another content type. */
    private static WebhookRequest post(String path, byte[] body, Map<String, String> headers) {
        Map<String, String> all = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        all.put("content-type", "application/json");
        all.putAll(headers);
        return new WebhookRequest("POST", path, all, body);
    }

    private static WebhookRequest signed(String path, byte[] body, String webhookId) {
        return post(
                path,
                body,
                Map.of(
                        "Content-Type",
                        "application/json",
                        "X-PagerDuty-Signature",
                        WebhookSignature.sign(SECRET, body),
                        "X-Webhook-Id",
                        webhookId));
    }

    private static byte[] fixture(String name) {
        return Fixtures.bytes("webhooks/" + name);
    }

    private static String reason(WebhookResponse response) throws Exception {
        JsonNode body = Json.MAPPER.readTree(response.body());
        return body.has("error")
                ? body.path("error").asText()
                : body.path("status").asText();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "v3-incident-priority-updated.json",
                "v3-incident-triggered.json",
                "v3-incident-acknowledged.json",
                "v3-incident-unacknowledged.json",
                "v3-incident-resolved.json",
                "v3-incident-reopened.json",
                "v3-incident-custom-field-values-updated.json"
            })
    void acceptsASignedV3EventThatCanChangeThePageAndAsksForASync(String fixture) throws Exception {
        WebhookResponse response = receiver().handle(signed("/acme", fixture(fixture), "d-" + fixture));

        assertThat(response.status()).isEqualTo(202);
        assertThat(reason(response)).isEqualTo("accepted");
        assertThat(requested).singleElement().satisfies(request -> {
            assertThat(request.account()).isEqualTo("acme");
            assertThat(request.deliveryId()).isEqualTo("d-" + fixture);
        });
    }

    @Test
    void verifiesPagerDutysOfficialTestVectorOnTheWayIn() throws Exception {
        Settings settings = new Settings(
                "p",
                Secret.of("k"),
                List.of(new PagerDutyAccount(
                        "acme",
                        API_KEY,
                        List.of(Secret.of("lDQHScfUeXUKaQRNF+8XIiDKZ7XX3itBAYzwU0TARw8lJqRnkKl2iB1anSb0Z+IK")))),
                URI.create("https://api.pagerduty.com"),
                URI.create("https://api.statuspage.io/v1"),
                Policy.defaults());
        WebhookReceiver receiver =
                new WebhookReceiver(WebhookAccounts.of(settings), requested::add, new DeliveryIds(10));

        WebhookResponse response = receiver.handle(post(
                "/acme",
                fixture("official-test-vector-priority-updated.json"),
                Map.of(
                        "x-pagerduty-signature",
                        "v1=0c0b9495b893a39e70d1fea2fe11fbe0a825f88b9f67846f6cc07dd2bc5476cd")));

        assertThat(response.status()).isEqualTo(202);
        assertThat(requested).hasSize(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"v3-incident-annotated.json", "v3-incident-delegated.json"})
    void acknowledgesEventsThatCannotChangeThePageWithoutASync(String fixture) throws Exception {
        WebhookResponse response = receiver().handle(signed("/acme", fixture(fixture), "d1"));

        assertThat(response.status()).isEqualTo(200);
        assertThat(reason(response)).isEqualTo("ignored");
        assertThat(requested).isEmpty();
    }

    @Test
    void aResponderPublicNoteAsksForAPassThatReadsThatIncidentsNotes() throws Exception {
        WebhookResponse response =
                receiver().handle(signed("/acme", fixture("v3-incident-annotated-public.json"), "n1"));

        assertThat(response.status()).isEqualTo(202);
        assertThat(requested).singleElement().satisfies(request -> {
            assertThat(request.eventType()).isEqualTo("incident.annotated");
            assertThat(request.annotatedIncident()).isEqualTo("acme/Q1F7K0ZP3XW9LM");
        });
    }

    @Test
    void aNoteForColleaguesCausesNoWorkAndNeitherDoPagerstatussOwnNotes() throws Exception {
        byte[] own = Fixtures.text("webhooks/v3-incident-annotated.json")
                .replace(
                        "Rolled back api to v2.31.4 on api-7.prod.internal",
                        // What pagerstatus writes on an incident when its notice opens (ResponderNotes).
                        "Customers see this on the status page: https://stspg.io/p31zjtct2 (API: partial outage)."
                                + "\\n[pagerstatus opened p31zjtct2jer]")
                .getBytes(StandardCharsets.UTF_8);

        WebhookResponse colleagues = receiver().handle(signed("/acme", fixture("v3-incident-annotated.json"), "n2"));
        WebhookResponse ours = receiver().handle(signed("/acme", own, "n3"));

        assertThat(colleagues.status()).isEqualTo(200);
        assertThat(reason(colleagues)).isEqualTo("ignored");
        assertThat(ours.status()).isEqualTo(200);
        assertThat(requested).isEmpty();
    }

    @Test
    void answersPageysPingWithoutASync() throws Exception {
        WebhookResponse response = receiver().handle(signed("/acme", fixture("v3-pagey-ping.json"), "ping-1"));

        assertThat(response.status()).isEqualTo(200);
        assertThat(reason(response)).isEqualTo("pong");
        assertThat(requested).isEmpty();
    }

    @Test
    void refusesAWebhookWithoutASignatureForAnAccountWithASecret() throws Exception {
        WebhookResponse response = receiver()
                .handle(post(
                        "/acme", fixture("v3-incident-acknowledged.json"), Map.of("content-type", "application/json")));

        assertThat(response.status()).isEqualTo(401);
        assertThat(reason(response)).startsWith("X-PagerDuty-Signature is missing");
        assertThat(requested).isEmpty();
    }

    @Test
    void refusesAWrongSignatureBeforeReadingTheBody() throws Exception {
        byte[] notEvenJson = "{not json".getBytes(StandardCharsets.UTF_8);

        WebhookResponse response =
                receiver().handle(post("/acme", notEvenJson, Map.of("x-pagerduty-signature", "v1=" + "ab".repeat(32))));

        assertThat(response.status()).isEqualTo(401);
        assertThat(reason(response)).contains("does not match");
    }

    @Test
    void refusesATamperedBody() throws Exception {
        byte[] body = fixture("v3-incident-resolved.json");
        String signature = WebhookSignature.sign(SECRET, body);
        byte[] tampered = new String(body, StandardCharsets.UTF_8)
                .replace("resolved", "triggered")
                .getBytes(StandardCharsets.UTF_8);

        WebhookResponse response =
                receiver().handle(post("/acme", tampered, Map.of("x-pagerduty-signature", signature)));

        assertThat(response.status()).isEqualTo(401);
        assertThat(requested).isEmpty();
    }

    @Test
    void refusesUnsignedV2WebhooksForAnAccountWithASecret() throws Exception {
        WebhookResponse response = receiver().handle(post("/acme", fixture("v2-incident-acknowledge.json"), Map.of()));

        assertThat(response.status()).isEqualTo(401);
        assertThat(requested).isEmpty();
    }

    @Test
    void acceptsV2WebhooksForAnAccountWithoutASecretAsThePythonToolDid() throws Exception {
        WebhookResponse full = receiver().handle(post("/legacy", fixture("v2-incident-acknowledge.json"), Map.of()));
        WebhookResponse readmeTest = receiver()
                .handle(post(
                        "/LEGACY",
                        fixture("v2-python-pagerstatus-readme-test.json"),
                        Map.of("content-type", "application/json")));
        WebhookResponse assign = receiver().handle(post("/legacy", fixture("v2-incident-assign.json"), Map.of()));

        assertThat(full.status()).isEqualTo(202);
        assertThat(readmeTest.status()).isEqualTo(202);
        assertThat(assign.status()).isEqualTo(200);
        assertThat(reason(assign)).isEqualTo("ignored");
        assertThat(requested).extracting(SyncRequest::account).containsExactly("legacy", "legacy");
    }

    @Test
    void acceptsUnsignedV3WebhooksForAnAccountWithoutASecret() {
        WebhookResponse response =
                receiver().handle(post("/legacy", fixture("v3-incident-acknowledged.json"), Map.of()));

        assertThat(response.status()).isEqualTo(202);
    }

    @Test
    void warnsAtStartAboutEveryAccountThatAcceptsUnsignedWebhooks() {
        Settings settings = new Settings(
                "p",
                Secret.of("k"),
                List.of(
                        new PagerDutyAccount("acme", API_KEY, List.of(SECRET)),
                        new PagerDutyAccount("legacy", API_KEY, List.of()),
                        new PagerDutyAccount("old", API_KEY, List.of())),
                URI.create("https://api.pagerduty.com"),
                URI.create("https://api.statuspage.io/v1"),
                Policy.defaults());

        WebhookReceiver.warnAboutUnsignedAccounts(WebhookAccounts.of(settings));

        assertThat(logs)
                .singleElement()
                .asString()
                .contains("\"level\":\"WARN\"", "[\"legacy\",\"old\"]")
                .doesNotContain("acme");
    }

    @Test
    void actsOnEachDeliveryOnceHoweverOftenPagerDutyRetriesIt() throws Exception {
        byte[] body = fixture("v3-incident-acknowledged.json");
        WebhookReceiver receiver = receiver();

        WebhookResponse first = receiver.handle(signed("/acme", body, "b3b5a2f2-4c1d-4e7a-9f0e-2a6c8d1e7f30"));
        WebhookResponse retry = receiver.handle(signed("/acme", body, "b3b5a2f2-4c1d-4e7a-9f0e-2a6c8d1e7f30"));
        WebhookResponse withoutHeader = receiver.handle(
                post("/acme", body, Map.of("x-pagerduty-signature", WebhookSignature.sign(SECRET, body))));
        WebhookResponse sameEventAgain = receiver.handle(
                post("/acme", body, Map.of("x-pagerduty-signature", WebhookSignature.sign(SECRET, body))));

        assertThat(first.status()).isEqualTo(202);
        assertThat(retry.status()).isEqualTo(200);
        assertThat(reason(retry)).isEqualTo("duplicate");
        assertThat(withoutHeader.status()).isEqualTo(202);
        assertThat(reason(sameEventAgain)).isEqualTo("duplicate");
        assertThat(requested).hasSize(2);
    }

    @Test
    void answers503WhenNoSyncCanBeQueuedAndActsOnPagerDutysRetry() throws Exception {
        trigger = request -> {
            throw new SyncTrigger.SyncUnavailableException("queue down", null);
        };
        WebhookReceiver receiver = receiver();
        byte[] body = fixture("v3-incident-acknowledged.json");

        WebhookResponse unavailable = receiver.handle(signed("/acme", body, "d-503"));
        trigger = requested::add;
        WebhookResponse retried = receiver.handle(signed("/acme", body, "d-503"));

        assertThat(unavailable.status()).isEqualTo(503);
        assertThat(reason(unavailable)).isEqualTo("could not queue a sync; PagerDuty will retry");
        assertThat(retried.status()).isEqualTo(202);
        assertThat(requested).hasSize(1);
    }

    @Test
    void answersAnUnknownAccountWith404() throws Exception {
        WebhookResponse response = receiver().handle(signed("/initech", fixture("v3-incident-acknowledged.json"), "d"));

        assertThat(response.status()).isEqualTo(404);
        assertThat(reason(response)).isEqualTo("no PagerDuty account named 'initech' is configured");
    }

    @Test
    void answersOtherPathsAndMethodsWithClear4xx() throws Exception {
        WebhookReceiver receiver = receiver();

        assertThat(receiver.handle(new WebhookRequest("POST", "/acme/extra", Map.of(), new byte[0]))
                        .status())
                .isEqualTo(404);
        assertThat(receiver.handle(new WebhookRequest("GET", "/acme", Map.of(), new byte[0]))
                        .status())
                .isEqualTo(405);
        assertThat(receiver.handle(new WebhookRequest("POST", "/", Map.of(), new byte[0]))
                        .status())
                .isEqualTo(405);
        assertThat(receiver.handle(signed("/acme/", fixture("v3-incident-acknowledged.json"), "slash"))
                        .status())
                .isEqualTo(202);
    }

    @Test
    void refusesABodyLargerThanPagerDutyEverSends() throws Exception {
        byte[] huge = new byte[WebhookReceiver.MAX_BODY_BYTES + 1];

        WebhookResponse response = receiver().handle(signed("/acme", huge, "big"));

        assertThat(response.status()).isEqualTo(413);
        assertThat(reason(response)).contains("larger than 256 KB");
    }

    @Test
    void refusesABodyThatIsNotJsonByItsContentType() throws Exception {
        WebhookResponse response = receiver()
                .handle(post(
                        "/legacy",
                        "event=incident.acknowledge".getBytes(StandardCharsets.UTF_8),
                        Map.of("content-type", "application/x-www-form-urlencoded")));

        assertThat(response.status()).isEqualTo(415);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "|the body is empty",
                "{\"event\": |the body is not valid JSON",
                "[]|expected a JSON object",
                "{\"incident\": {}}|not a PagerDuty webhook",
                "{\"event\": \"incident.acknowledged\"}|event must be an object",
                "{\"event\": {\"id\": \"01X\"}}|event.event_type is missing",
                "{\"messages\": []}|messages must be a non-empty list",
                "{\"messages\": [{\"id\": \"x\"}]}|messages[0].event is missing",
                "{\"messages\": [\"incident.acknowledge\"]}|messages[0] must be an object",
                "{\"messages\": [{\"event\": 7}]}|messages[0].event must be a string",
                "{\"messages\": [{\"event\": \"incident.resolve\", \"id\": 12}]}|messages[0].id must be a string",
            })
    void answersMalformedBodiesWith400AndAOneLineReason(String row) throws Exception {
        String[] parts = row.split("\\|", 2);
        byte[] body = parts[0].getBytes(StandardCharsets.UTF_8);

        WebhookResponse response = receiver().handle(signed("/acme", body, "m"));

        assertThat(response.status()).isEqualTo(400);
        assertThat(reason(response)).startsWith(parts[1]).doesNotContain("\n");
        assertThat(requested).isEmpty();
    }

    /** Each required field of a real acknowledged webhook, removed or given the wrong type. */
    @ParameterizedTest
    @ValueSource(
            strings = {
                "remove event.id|event.id is missing",
                "number event.id|event.id must be a string",
                "remove event.event_type|event.event_type is missing",
                "number event.event_type|event.event_type must be a string",
                "empty event.event_type|event.event_type is empty",
                "remove event.resource_type|event.resource_type is missing",
                "object event.resource_type|event.resource_type must be a string",
                "remove event.occurred_at|event.occurred_at is missing",
                "number event.occurred_at|event.occurred_at must be a string",
                "text event.occurred_at|event.occurred_at must be an ISO 8601 time, such as 2026-03-18T09:44:52.031Z",
                "remove event.data|event.data is missing",
                "text event.data|event.data must be an object",
                "remove event.data.id|event.data.id is missing",
                "number event.data.id|event.data.id must be a string",
                "long event.id|event.id must be at most 128 visible ASCII characters",
            })
    void refusesAWebhookWhoseRequiredFieldIsMissingOrOfTheWrongType(String row) throws Exception {
        String[] parts = row.split("\\|", 2);
        String[] edit = parts[0].split(" ");
        ObjectNode body = Fixtures.object("webhooks/v3-incident-acknowledged.json");
        String[] path = edit[1].split("\\.");
        ObjectNode parent = body;
        for (int i = 0; i < path.length - 1; i++) {
            parent = (ObjectNode) parent.path(path[i]);
        }
        String field = path[path.length - 1];
        switch (edit[0]) {
            case "remove" -> parent.remove(field);
            case "number" -> parent.put(field, 42);
            case "empty" -> parent.put(field, "");
            case "object" -> parent.putObject(field);
            case "text" -> parent.put(field, "yesterday");
            case "long" -> parent.put(field, "x".repeat(129));
            default -> throw new IllegalArgumentException(edit[0]);
        }

        WebhookResponse response =
                receiver().handle(signed("/acme", body.toString().getBytes(StandardCharsets.UTF_8), "r"));

        assertThat(response.status()).isEqualTo(400);
        assertThat(reason(response)).isEqualTo(parts[1]);
        assertThat(requested).isEmpty();
    }

    @Test
    void aNoteEventMustNameItsIncident() throws Exception {
        ObjectNode body = Fixtures.object("webhooks/v3-incident-custom-field-values-updated.json");
        ((ObjectNode) body.path("event").path("data")).remove("incident");

        WebhookResponse response =
                receiver().handle(signed("/acme", body.toString().getBytes(StandardCharsets.UTF_8), "n"));

        assertThat(response.status()).isEqualTo(400);
        assertThat(reason(response)).isEqualTo("event.data.incident must be an object naming the incident");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "Q1F7K0 ZP3XW9LM",
                "Q1F7K0ZP3XW9LM\"",
                "../incidents/Q1F7K0ZP3XW9LM",
                "Q1F7K0ZP3XW9LM7Q1F7K0ZP3XW9LM7QQQ"
            })
    void refusesAPublicNoteOnAnIncidentIdNotShapedLikePagerDutysAndAsksForNoPass(String id) throws Exception {
        ObjectNode body = Fixtures.object("webhooks/v3-incident-annotated-public.json");
        ((ObjectNode) body.path("event").path("data").path("incident")).put("id", id);

        WebhookResponse response =
                receiver().handle(signed("/acme", body.toString().getBytes(StandardCharsets.UTF_8), "n"));

        assertThat(response.status()).isEqualTo(400);
        assertThat(reason(response))
                .isEqualTo("event.data.incident.id must be a PagerDuty incident id: 1 to 32 letters and digits, such"
                        + " as Q1F7K0ZP3XW9LM");
        assertThat(requested).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                " {\"extra\": true}|there is more after the JSON document",
                " {\"event\": {}}|there is more after the JSON document",
                " garbage|there is more after the JSON document",
            })
    void refusesTrailingDataAndASecondDocument(String row) throws Exception {
        String[] parts = row.split("\\|", 2);
        byte[] body = (Fixtures.text("webhooks/v3-incident-acknowledged.json").strip() + parts[0])
                .getBytes(StandardCharsets.UTF_8);

        WebhookResponse response = receiver().handle(signed("/acme", body, "t"));

        assertThat(response.status()).isEqualTo(400);
        assertThat(reason(response)).isEqualTo("the body is not valid JSON: " + parts[1]);
        assertThat(requested).isEmpty();
    }

    @Test
    void refusesAKeyGivenTwiceBecauseTwoReadersCouldSeeTwoMessages() throws Exception {
        byte[] body = Fixtures.text("webhooks/v3-incident-acknowledged.json")
                .replaceFirst(
                        "\"event_type\": \"incident.acknowledged\"",
                        "\"event_type\": \"pagey.ping\", \"event_type\": \"incident.acknowledged\"")
                .getBytes(StandardCharsets.UTF_8);

        WebhookResponse response = receiver().handle(signed("/acme", body, "dup"));

        assertThat(response.status()).isEqualTo(400);
        assertThat(reason(response)).isEqualTo("the body is not valid JSON: a key appears twice in one object");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "multipart/form-data; boundary=json",
                "text/json",
                "application/jsonp",
                "application/json; charset=latin-1",
                "application/json-patch+json",
                "application/x-www-form-urlencoded",
            })
    void acceptsOnlyTheJsonContentType(String contentType) throws Exception {
        WebhookResponse response = receiver()
                .handle(post("/legacy", fixture("v3-incident-acknowledged.json"), Map.of("content-type", contentType)));

        assertThat(response.status()).isEqualTo(415);
        assertThat(reason(response)).isEqualTo("Content-Type must be application/json (with charset=utf-8, if any)");
        assertThat(requested).isEmpty();
    }

    @Test
    void refusesAWebhookWithoutAContentType() {
        WebhookResponse response = receiver()
                .handle(new WebhookRequest("POST", "/legacy", Map.of(), fixture("v3-incident-acknowledged.json")));

        assertThat(response.status()).isEqualTo(415);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "application/json",
                "Application/JSON",
                "application/json; charset=utf-8",
                "application/json;charset=\"UTF-8\""
            })
    void acceptsJsonWithOrWithoutAUtf8Charset(String contentType) {
        WebhookResponse response = receiver()
                .handle(post("/legacy", fixture("v3-incident-acknowledged.json"), Map.of("content-type", contentType)));

        assertThat(response.status()).isEqualTo(202);
    }

    @Test
    void refusesADeliveryIdLongerThanPagerDutysWithoutRememberingIt() throws Exception {
        DeliveryIds remembered = new DeliveryIds(100);
        WebhookReceiver receiver = new WebhookReceiver(
                WebhookAccounts.of(List.of(new WebhookAccount("legacy", List.of()))), requested::add, remembered);
        String hugeId = "a".repeat(256 * 1024);

        WebhookResponse response = receiver.handle(
                post("/legacy", fixture("v3-incident-acknowledged.json"), Map.of("x-webhook-id", hugeId)));

        assertThat(response.status()).isEqualTo(400);
        assertThat(reason(response)).startsWith("X-Webhook-Id must be 1 to 128 visible ASCII characters");
        assertThat(remembered.heldChars()).isZero();
        assertThat(requested).isEmpty();
        assertThat(logs)
                .singleElement()
                .satisfies(line -> assertThat(line.length()).isLessThan(1_000));
    }

    @Test
    void boundsEveryRequestControlledFieldInItsLogLine() {
        WebhookReceiver receiver = receiver();
        String longPath = "/" + "p".repeat(64 * 1024);
        ObjectNode body = Fixtures.object("webhooks/v3-incident-acknowledged.json");
        ((ObjectNode) body.path("event")).put("event_type", "incident." + "x".repeat(64 * 1024));

        receiver.handle(new WebhookRequest("GET", longPath, Map.of(), new byte[0]));
        receiver.handle(new WebhookRequest("POST", longPath, Map.of(), new byte[0]));
        receiver.handle(new WebhookRequest("X".repeat(10_000), "/acme", Map.of(), new byte[0]));
        receiver.handle(post("/legacy", body.toString().getBytes(StandardCharsets.UTF_8), Map.of()));

        assertThat(logs).hasSize(4).allSatisfy(line -> assertThat(line.length()).isLessThan(1_000));
    }

    @Test
    void answersABrowsersIconRequestWith404AndLogsItAsInfo() throws Exception {
        WebhookResponse response = receiver().handle(new WebhookRequest("GET", "/favicon.ico", Map.of(), new byte[0]));

        assertThat(response.status()).isEqualTo(404);
        assertThat(reason(response))
                .isEqualTo("no such page; pagerstatus receives PagerDuty webhooks on POST /<account>");
        assertThat(logs)
                .singleElement()
                .asString()
                .contains("\"level\":\"INFO\"")
                .doesNotContain("account named");
    }

    @Test
    void logsRefusalsAsWarningsAndItsOwnFailuresAsErrors() {
        WebhookReceiver receiver = receiver();
        receiver.handle(post("/acme", fixture("v3-incident-acknowledged.json"), Map.of()));
        trigger = request -> {
            throw new SyncTrigger.SyncUnavailableException("queue down", null);
        };
        receiver.handle(signed("/acme", fixture("v3-incident-acknowledged.json"), "e1"));

        assertThat(logs).hasSize(2);
        assertThat(logs.get(0)).contains("\"level\":\"WARN\"", "\"status\":401");
        assertThat(logs.get(1)).contains("\"level\":\"ERROR\"", "\"status\":503", "queue down");
    }

    @Test
    void neverPutsAStackTraceInAnAnswer() throws Exception {
        trigger = request -> {
            throw new IllegalStateException("boom at dev.pagerstatus.Secret");
        };

        WebhookResponse response = receiver().handle(signed("/acme", fixture("v3-incident-acknowledged.json"), "x"));

        assertThat(response.status()).isEqualTo(500);
        assertThat(response.body()).isEqualTo("{\"error\":\"internal error\"}");
    }

    @Test
    void answersHealthWithNameVersionAndAccountsButNoSecrets() throws Exception {
        WebhookResponse response = receiver().handle(new WebhookRequest("GET", "/", Map.of(), new byte[0]));

        JsonNode health = Json.MAPPER.readTree(response.body());
        assertThat(response.status()).isEqualTo(200);
        assertThat(health.path("name").asText()).isEqualTo("pagerstatus");
        assertThat(health.path("version").asText()).isNotBlank();
        assertThat(health.path("accounts")).extracting(JsonNode::asText).containsExactly("acme", "legacy");
        assertThat(response.body()).doesNotContain(SECRET.reveal()).doesNotContain(API_KEY.reveal());
    }

    @Test
    void logsOneLinePerRequestWithoutSecrets() {
        receiver().handle(signed("/acme", fixture("v3-incident-acknowledged.json"), "logged-1"));

        assertThat(logs)
                .singleElement()
                .asString()
                .contains(
                        "\"event\":\"webhook.request\"",
                        "\"status\":202",
                        "\"account\":\"acme\"",
                        "\"event_type\":\"incident.acknowledged\"",
                        "\"delivery\":\"logged-1\"")
                .doesNotContain(SECRET.reveal());
    }
}
