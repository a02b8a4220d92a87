package dev.pagerstatus.aws;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pagerstatus.support.Json;
import dev.pagerstatus.testing.FakeAws;
import dev.pagerstatus.testing.FakeRuntimeApi;
import dev.pagerstatus.testing.FakeWorld;
import dev.pagerstatus.testing.Fixtures;
import dev.pagerstatus.testing.LambdaProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Smoke test of what ships: the shaded jar, started by the real Lambda Runtime Interface Client the way the
 * managed java25 runtime starts it, against a loopback Runtime API, with SSM and SQS on a loopback stand-in.
 * A renamed handler, a class missing from the shade, a serialization problem or priming that breaks
 * start-up would all fail here.
 */
class LambdaRuntimeIT {
    private static final Duration WAIT = Duration.ofSeconds(60);

    private final FakeAws aws = new FakeAws()
            .parameter("/pagerstatus/accounts/acme/api-key", FakeWorld.ACME_KEY)
            .parameter("/pagerstatus/accounts/acme/webhook-secret", "Wz1kQp8vN3rT6yU9xA2cF5hJ8mL0oS4d");
    private final FakeRuntimeApi runtime = new FakeRuntimeApi(() -> aws.calls().size());
    private Process function;
    private Path log;

    @AfterEach
    void stop() throws Exception {
        if (function != null) {
            function.destroyForcibly().waitFor();
        }
        runtime.close();
        aws.close();
    }

    private Map<String, String> receiverEnvironment() {
        return Map.of(
                "AWS_ENDPOINT_URL",
                aws.endpoint().toString(),
                "PAGERSTATUS_QUEUE_URL",
                "https://sqs.eu-west-1.amazonaws.com/111122223333/pagerstatus-sync.fifo");
    }

    private JsonNode answer() throws Exception {
        FakeRuntimeApi.Answer answer = runtime.awaitAnswer(WAIT);
        assertThat(answer)
                .as("an answer; the function's output was:%n%s", Files.exists(log) ? Files.readString(log) : "")
                .isNotNull();
        assertThat(answer.error()).as(answer.body()).isFalse();
        return Json.MAPPER.readTree(answer.body());
    }

    @Test
    void theReceiverAnswersApiGatewayEventsUnderTheRuntimeInterfaceClient() throws Exception {
        log = Files.createTempFile("receiver", ".log");
        runtime.enqueue(Fixtures.text("events/http-api-v2-health.json"));
        runtime.enqueue(Fixtures.text("events/http-api-v2-webhook-signed-base64.json"));

        function = LambdaProcess.start(
                "dev.pagerstatus.aws.ReceiverHandler::handleRequest", runtime, false, receiverEnvironment(), log);

        JsonNode health = answer();
        assertThat(health.path("statusCode").asInt()).isEqualTo(200);
        assertThat(Json.MAPPER
                        .readTree(health.path("body").asText())
                        .path("accounts")
                        .get(0)
                        .asText())
                .isEqualTo("acme");
        JsonNode webhook = answer();
        assertThat(webhook.path("statusCode").asInt()).isEqualTo(202);
        assertThat(aws.messages()).hasSize(1);
        assertThat(runtime.initErrors()).isEmpty();
    }

    @Test
    void inSnapStartModeItPrimesBeforeTheSnapshotWithoutCallingAnyServiceThenServes() throws Exception {
        log = Files.createTempFile("receiver-snapstart", ".log");
        runtime.enqueue(Fixtures.text("events/http-api-v2-webhook-signed.json"));

        function = LambdaProcess.start(
                "dev.pagerstatus.aws.ReceiverHandler::handleRequest", runtime, true, receiverEnvironment(), log);

        JsonNode webhook = answer();
        assertThat(webhook.path("statusCode").asInt()).isEqualTo(202);
        assertThat(runtime.restored()).isTrue();
        assertThat(runtime.callsBeforeRestore())
                .as("SSM and SQS calls before the snapshot")
                .isZero();
        assertThat(Files.readString(log))
                .contains("\"priming.done\"", "\"function\":\"receiver\"", "\"snapstart.restored\"");
    }

    @Test
    void theSyncFunctionRunsAPassForAnSqsBatchUnderTheRuntimeInterfaceClient() throws Exception {
        log = Files.createTempFile("sync", ".log");
        try (FakeWorld world = new FakeWorld()) {
            world.incident("acme", "datadog.json", "acknowledged");
            aws.parameter("/pagerstatus/statuspage/page-id", FakeWorld.PAGE)
                    .parameter("/pagerstatus/statuspage/api-key", FakeWorld.STATUSPAGE_KEY)
                    .parameter(
                            "/pagerstatus/settings/pagerduty-api-url",
                            world.apis.pagerDutyUrl().toString())
                    .parameter(
                            "/pagerstatus/settings/statuspage-api-url",
                            world.apis.statuspageUrl().toString());
            runtime.enqueue(Fixtures.text("events/sqs-fifo-batch.json"));

            function = LambdaProcess.start(
                    "dev.pagerstatus.aws.SyncHandler::handleRequest",
                    runtime,
                    true,
                    Map.of("AWS_ENDPOINT_URL", aws.endpoint().toString()),
                    log);

            JsonNode batch = answer();
            assertThat(batch.path("batchItemFailures")).isEmpty();
            assertThat(world.openNoticeComponents()).containsExactly(FakeWorld.API);
            assertThat(runtime.callsBeforeRestore()).isZero();
            assertThat(Files.readString(log)).contains("\"priming.done\"", "\"function\":\"sync\"");
        }
    }

    @Test
    void theJarCarriesTheMetadataOfTheTwoServicesTheFunctionsCallAndNoOther() throws Exception {
        try (ZipFile jar = new ZipFile(LambdaProcess.SHADED_JAR.toFile())) {
            assertThat(jar.stream()
                            .map(ZipEntry::getName)
                            .filter(name -> name.startsWith("software/amazon/awssdk/regions/servicemetadata/")
                                    && name.endsWith(".class")))
                    .containsExactlyInAnyOrder(
                            "software/amazon/awssdk/regions/servicemetadata/SsmServiceMetadata.class",
                            "software/amazon/awssdk/regions/servicemetadata/SqsServiceMetadata.class");
        }
    }
}
