package dev.pagerstatus.aws;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import dev.pagerstatus.support.Json;
import dev.pagerstatus.testing.AwsClients;
import dev.pagerstatus.testing.FakeAws;
import dev.pagerstatus.testing.Fixtures;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The receiver function on real-shaped HTTP API events, with the real SSM and SQS clients on loopback. */
class ReceiverHandlerTest {
    private static final String QUEUE = "https://sqs.eu-west-1.amazonaws.com/111122223333/pagerstatus-sync.fifo";

    private final FakeAws aws = new FakeAws()
            .parameter("/pagerstatus/accounts/acme/api-key", "acme-pd-key")
            .parameter("/pagerstatus/accounts/acme/webhook-secret", "Wz1kQp8vN3rT6yU9xA2cF5hJ8mL0oS4d")
            .parameter("/pagerstatus/accounts/globex/api-key", "globex-pd-key");
    private final List<String> metrics = new CopyOnWriteArrayList<>();
    private final ReceiverHandler handler = new ReceiverHandler(
            new SsmWebhookAccounts(
                    new ParameterStore(AwsClients.ssm(aws)),
                    new ParameterLayout("/pagerstatus"),
                    Duration.ofMinutes(5),
                    InstantSource.system()),
            new SqsSyncTrigger(AwsClients.sqs(aws), QUEUE),
            new Metrics(
                    "pagerstatus",
                    "receiver",
                    InstantSource.fixed(Instant.parse("2026-03-18T09:44:52Z")),
                    metrics::add));

    @AfterEach
    void stop() {
        aws.close();
    }

    /** Through the entry point Lambda calls: the event file's bytes in, the response's JSON out. */
    private APIGatewayV2HTTPResponse handle(String fixture) {
        return handle(handler, fixture);
    }

    private static APIGatewayV2HTTPResponse handle(ReceiverHandler handler, String fixture) {
        try {
            ByteArrayOutputStream output = new ByteArrayOutputStream();
            handler.handleRequest(new ByteArrayInputStream(Fixtures.bytes("events/" + fixture)), output, null);
            JsonNode json = Json.MAPPER.readTree(output.toByteArray());
            Map<String, String> headers = new java.util.HashMap<>();
            json.path("headers")
                    .properties()
                    .forEach(header ->
                            headers.put(header.getKey(), header.getValue().asText()));
            assertThat(json.path("isBase64Encoded").asBoolean()).isFalse();
            return APIGatewayV2HTTPResponse.builder()
                    .withStatusCode(json.path("statusCode").asInt())
                    .withHeaders(headers)
                    .withBody(json.path("body").asText())
                    .build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void answersASignedBase64EncodedWebhookWith202AndQueuesOneSync() throws Exception {
        APIGatewayV2HTTPResponse response = handle("http-api-v2-webhook-signed-base64.json");

        assertThat(response.getStatusCode()).isEqualTo(202);
        assertThat(response.getHeaders()).containsEntry("content-type", "application/json; charset=utf-8");
        assertThat(response.getBody()).isEqualTo("{\"status\":\"accepted\"}");
        assertThat(aws.messages()).singleElement().satisfies(message -> {
            assertThat(message.path("MessageGroupId").asText()).isEqualTo("status-page");
            assertThat(message.path("MessageDeduplicationId").asText())
                    .isEqualTo("acme:b3b5a2f2-4c1d-4e7a-9f0e-2a6c8d1e7f30");
        });
    }

    @Test
    void verifiesThePlainBodyOfANonBase64Event() {
        assertThat(handle("http-api-v2-webhook-signed.json").getStatusCode()).isEqualTo(202);
    }

    @Test
    void refusesAnUnsignedWebhookForAnAccountWithASecretAndCountsIt() throws Exception {
        APIGatewayV2HTTPResponse response = handle("http-api-v2-webhook-unsigned.json");

        assertThat(response.getStatusCode()).isEqualTo(401);
        assertThat(aws.messages()).isEmpty();
        JsonNode line = Json.MAPPER.readTree(metrics.getFirst());
        assertThat(line.path("RejectedWebhooks").asInt()).isEqualTo(1);
        assertThat(line.path("Webhooks").asInt()).isEqualTo(1);
    }

    @Test
    void writesMetricsInTheEmbeddedMetricFormat() throws Exception {
        handle("http-api-v2-webhook-signed.json");

        JsonNode line = Json.MAPPER.readTree(metrics.getFirst());
        JsonNode directive = line.path("_aws").path("CloudWatchMetrics").get(0);
        assertThat(line.path("_aws").path("Timestamp").asLong())
                .isEqualTo(Instant.parse("2026-03-18T09:44:52Z").toEpochMilli());
        assertThat(directive.path("Namespace").asText()).isEqualTo("pagerstatus");
        assertThat(directive.path("Dimensions").get(0))
                .extracting(JsonNode::asText)
                .containsExactly("Function");
        assertThat(directive.path("Metrics"))
                .extracting(metric -> metric.path("Name").asText())
                .containsExactly("Webhooks", "RejectedWebhooks");
        assertThat(line.path("Function").asText()).isEqualTo("receiver");
        assertThat(line.path("RejectedWebhooks").asInt()).isZero();
    }

    @Test
    void answersHealthAndTheKeepWarmScheduleWithoutCountingThemAsWebhooks() throws Exception {
        APIGatewayV2HTTPResponse health = handle("http-api-v2-health.json");
        APIGatewayV2HTTPResponse keepWarm = handle("keep-warm-schedule.json");

        assertThat(health.getStatusCode()).isEqualTo(200);
        assertThat(Json.MAPPER.readTree(health.getBody()).path("accounts"))
                .extracting(JsonNode::asText)
                .containsExactly("acme", "globex");
        assertThat(keepWarm.getStatusCode()).isEqualTo(200);
        assertThat(metrics).isEmpty();
        assertThat(health.getBody()).doesNotContain("Wz1kQp8vN3rT6yU9xA2cF5hJ8mL0oS4d");
    }

    @Test
    void answers503WhenTheQueueCannotBeReachedSoPagerDutyRetries() {
        handle("http-api-v2-health.json");
        aws.failNext(50);

        APIGatewayV2HTTPResponse response = handle("http-api-v2-webhook-signed.json");

        assertThat(response.getStatusCode()).isEqualTo(503);
        assertThat(response.getBody()).contains("PagerDuty will retry");
    }

    @Test
    void answers503WhenParameterStoreCannotBeReachedSoPagerDutyRetries() {
        aws.failNext(50);

        APIGatewayV2HTTPResponse response = handle("http-api-v2-webhook-signed.json");

        assertThat(response.getStatusCode()).isEqualTo(503);
        assertThat(response.getBody())
                .isEqualTo("{\"error\":\"configuration could not be read; PagerDuty will retry\"}");
    }

    @Test
    void primingTouchesNoServiceAndReadsNoSecret() {
        ReceiverHandler.prime();

        assertThat(aws.calls()).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "PAGERSTATUS_SSM_PREFIX|pagerstatus|environment variable PAGERSTATUS_SSM_PREFIX must look like /pagerstatus",
                "PAGERSTATUS_CONFIG_TTL_SECONDS|5m|environment variable PAGERSTATUS_CONFIG_TTL_SECONDS must be a whole number of seconds from 0 to 3600",
                "PAGERSTATUS_QUEUE_URL||environment variable PAGERSTATUS_QUEUE_URL is not set",
            })
    void aWrongEnvironmentIsAnswered503NamingTheVariableLikeABadParameter(String variable, String value, String message)
            throws Exception {
        Map<String, String> env = new java.util.HashMap<>(Map.of("PAGERSTATUS_QUEUE_URL", QUEUE));
        env.put(variable, value == null ? "" : value);
        List<String> logs = new CopyOnWriteArrayList<>();
        var previous = dev.pagerstatus.support.Log.redirect(logs::add);
        try {
            ReceiverHandler.Wiring wiring =
                    ReceiverHandler.wiring(env, () -> AwsClients.ssm(aws), () -> AwsClients.sqs(aws));
            ReceiverHandler misconfigured = new ReceiverHandler(wiring.accounts(), wiring.trigger(), wiring.metrics());

            APIGatewayV2HTTPResponse webhook = handle(misconfigured, "http-api-v2-webhook-signed.json");
            APIGatewayV2HTTPResponse health = handle(misconfigured, "http-api-v2-health.json");

            assertThat(webhook.getStatusCode()).isEqualTo(503);
            assertThat(webhook.getBody()).isEqualTo("{\"error\":\"configuration is invalid; PagerDuty will retry\"}");
            assertThat(health.getStatusCode()).isEqualTo(503);
            assertThat(logs)
                    .filteredOn(line -> line.contains("\"config.invalid\""))
                    .singleElement()
                    .asString()
                    .contains(message);
            assertThat(logs)
                    .filteredOn(line -> line.contains("\"webhook.request\""))
                    .first()
                    .asString()
                    .contains("\"status\":503", message);
            assertThat(aws.messages()).isEmpty();
        } finally {
            dev.pagerstatus.support.Log.redirect(previous);
        }
    }
}
