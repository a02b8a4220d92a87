package dev.pagerstatus.aws;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pagerstatus.support.Json;
import dev.pagerstatus.support.Log;
import dev.pagerstatus.sync.ApiClients;
import dev.pagerstatus.testing.AwsClients;
import dev.pagerstatus.testing.FakeAws;
import dev.pagerstatus.testing.FakeWorld;
import dev.pagerstatus.testing.Fixtures;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The sync function on a real-shaped SQS FIFO batch, configured from Parameter Store, syncing the stand-ins. */
class SyncHandlerTest {
    private static final InstantSource CLOCK = InstantSource.fixed(Instant.ofEpochMilli(1773827105000L));

    private final FakeWorld world = new FakeWorld();
    private final FakeAws aws =
            new FakeAws().pointedAt(world).parameter("/pagerstatus/accounts/globex/api-key", FakeWorld.GLOBEX_KEY);
    private final List<String> metrics = new CopyOnWriteArrayList<>();
    private final List<String> logs = new CopyOnWriteArrayList<>();
    private Consumer<String> previousLog;
    private SyncHandler handler;

    @BeforeEach
    void start() {
        previousLog = Log.redirect(logs::add);
        ApiClients clients = world.clients();
        handler = new SyncHandler(
                new SsmSettings(
                        new ParameterStore(AwsClients.ssm(aws)),
                        new ParameterLayout("/pagerstatus"),
                        Duration.ofMinutes(5),
                        InstantSource.system()),
                clients,
                new Metrics("pagerstatus", "sync", CLOCK, metrics::add),
                CLOCK);
    }

    @AfterEach
    void stop() {
        Log.redirect(previousLog);
        aws.close();
        world.close();
    }

    /** Through the entry point Lambda calls: the SQS event file's bytes in, the batch response's JSON out. */
    private SQSBatchResponse handle() {
        try {
            ByteArrayOutputStream output = new ByteArrayOutputStream();
            handler.handleRequest(new ByteArrayInputStream(Fixtures.bytes("events/sqs-fifo-batch.json")), output, null);
            JsonNode json = Json.MAPPER.readTree(output.toByteArray());
            List<SQSBatchResponse.BatchItemFailure> failures = new java.util.ArrayList<>();
            json.path("batchItemFailures")
                    .forEach(item -> failures.add(new SQSBatchResponse.BatchItemFailure(
                            item.path("itemIdentifier").asText())));
            return new SQSBatchResponse(failures);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void aBatchOfWebhooksAndTheScheduleIsOnePass() throws Exception {
        world.incident("acme", "datadog.json", "acknowledged");

        SQSBatchResponse response = handle();

        assertThat(response.getBatchItemFailures()).isEmpty();
        assertThat(world.openNoticeComponents()).containsExactly(FakeWorld.API);
        assertThat(logs).filteredOn(line -> line.contains("\"sync.pass\"")).hasSize(1);
        JsonNode line = Json.MAPPER.readTree(metrics.getFirst());
        assertThat(line.path("Function").asText()).isEqualTo("sync");
        assertThat(line.path("Passes").asInt()).isEqualTo(1);
        assertThat(line.path("FailedPasses").asInt()).isZero();
        assertThat(line.path("IncidentsOpened").asInt()).isEqualTo(1);
        assertThat(line.path("IncidentsResolved").asInt()).isZero();
        assertThat(line.path("QueueAge").asLong())
                .as("now minus the oldest SentTimestamp")
                .isEqualTo(1773827105000L - 1773827092100L);
        assertThat(line.has("PassDuration")).isTrue();
    }

    @Test
    void aFailedPassHandsTheWholeBatchBackInOrder() throws Exception {
        for (int i = 0; i < 20; i++) {
            world.traffic.failNextPagerDuty(503);
        }

        SQSBatchResponse response = handle();

        assertThat(response.getBatchItemFailures())
                .extracting(SQSBatchResponse.BatchItemFailure::getItemIdentifier)
                .containsExactly(
                        "0f2c3d4e-5a6b-4c7d-8e9f-000000000001",
                        "0f2c3d4e-5a6b-4c7d-8e9f-000000000002",
                        "0f2c3d4e-5a6b-4c7d-8e9f-000000000003");
        assertThat(world.writesToStatuspage()).isZero();
        JsonNode line = Json.MAPPER.readTree(metrics.getFirst());
        assertThat(line.path("FailedPasses").asInt()).isEqualTo(1);
        assertThat(line.path("ReadFailures").asInt()).isGreaterThan(0);
    }

    @Test
    void anInvalidConfigurationHandsTheBatchBackAndNamesTheParameter() {
        aws.removeParameter("/pagerstatus/statuspage/api-key");

        SQSBatchResponse response = handle();

        assertThat(response.getBatchItemFailures()).hasSize(3);
        assertThat(logs)
                .anyMatch(line -> line.contains("sync.config_failed")
                        && line.contains("SSM parameter /pagerstatus/statuspage/api-key is not set"));
        assertThat(world.traffic.statuspage()).isEmpty();
    }

    @Test
    void primingRunsAPassAgainstLoopbackStandInsAndTouchesNoService() {
        ApiClients clients = world.clients();

        SyncHandler.prime(clients);

        assertThat(clients.counter().snapshot())
                .containsKeys("PagerDuty reads", "Statuspage reads", "Statuspage writes");
        assertThat(aws.calls()).isEmpty();
        assertThat(world.traffic.pagerDuty()).isEmpty();
        assertThat(world.traffic.statuspage()).isEmpty();
    }

    @Test
    void aWrongEnvironmentFailsEveryPassNamingTheVariable() {
        handler = new SyncHandler(
                SyncHandler.settings(Map.of("PAGERSTATUS_CONFIG_TTL_SECONDS", "soon"), () -> AwsClients.ssm(aws)),
                world.clients(),
                new Metrics("pagerstatus", "sync", CLOCK, metrics::add),
                CLOCK);

        SQSBatchResponse response = handle();

        assertThat(response.getBatchItemFailures()).hasSize(3);
        assertThat(logs)
                .filteredOn(line -> line.contains("\"sync.config_failed\""))
                .singleElement()
                .asString()
                .contains("environment variable PAGERSTATUS_CONFIG_TTL_SECONDS must be a whole number");
        assertThat(world.traffic.all()).isEmpty();
    }

    @Test
    void aBatchOfNewIncidentsAloneRunsNoPassWhileThePolicyPublishesOnlyAcknowledgedOnes() throws Exception {
        world.incident("acme", "datadog.json", "triggered");
        String body = new String(Fixtures.bytes("events/sqs-fifo-batch.json"), StandardCharsets.UTF_8)
                .replace("incident.acknowledged", "incident.triggered")
                .replace("incident.resolved", "incident.triggered")
                .replace(
                        "\\\"source\\\":\\\"schedule\\\"",
                        "\\\"source\\\":\\\"webhook\\\",\\\"event_type\\\":\\\"incident.triggered\\\"");
        List<SQSEvent.SQSMessage> messages =
                LambdaJson.MAPPER.readValue(body, SQSEvent.class).getRecords();
        assertThat(SyncHandler.onlyNewIncidents(messages))
                .as("the batch holds only new incidents")
                .isTrue();

        ByteArrayOutputStream output = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)), output, null);

        assertThat(world.traffic.statuspage()).isEmpty();
        assertThat(world.traffic.pagerDuty()).isEmpty();
        assertThat(Json.MAPPER.readTree(output.toByteArray()).path("batchItemFailures"))
                .isEmpty();
        JsonNode line = Json.MAPPER.readTree(metrics.getFirst());
        assertThat(line.path("Passes").asInt()).isZero();
        assertThat(line.path("SkippedPasses").asInt()).isEqualTo(1);
    }

    @Test
    void aPublicNoteInTheBatchThatOpensItsNoticeIsPostedOnItInTheSameInvocation() throws Exception {
        ObjectNode incident = world.incident("acme", "datadog.json", "acknowledged");
        String id = incident.path("id").asText();
        world.pagerDuty.addNote("acme", id, "#public We are rolling back the 09:30 deploy.", "jordan@acme.example");
        String body = new String(Fixtures.bytes("events/sqs-fifo-batch-public-note.json"), StandardCharsets.UTF_8)
                .replace("Q1F7K0ZP3XW9LM", id);

        ByteArrayOutputStream output = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)), output, null);

        assertThat(world.statuspage.unresolvedIncidents())
                .singleElement()
                .satisfies(notice -> assertThat(notice.path("incident_updates")
                                .get(0)
                                .path("body")
                                .asText())
                        .isEqualTo("We are rolling back the 09:30 deploy."));
        JsonNode line = Json.MAPPER.readTree(metrics.getFirst());
        assertThat(line.path("Passes").asInt()).isEqualTo(2);
        assertThat(line.path("IncidentsOpened").asInt()).isEqualTo(1);
        assertThat(line.path("PublicNotesPosted").asInt()).isEqualTo(1);
    }

    @Test
    void aBatchWithTheScheduleOrAnAcknowledgementIsNeverSkipped() throws Exception {
        List<SQSEvent.SQSMessage> messages = LambdaJson.MAPPER
                .readValue(Fixtures.bytes("events/sqs-fifo-batch.json"), SQSEvent.class)
                .getRecords();

        assertThat(SyncHandler.onlyNewIncidents(messages)).isFalse();
        assertThat(SyncHandler.onlyNewIncidents(List.of())).isFalse();
    }

    @Test
    void readsTheNotesOfTheIncidentsTheBatchsWebhooksNamedAndNoOthers() throws Exception {
        List<SQSEvent.SQSMessage> messages = LambdaJson.MAPPER
                .readValue(Fixtures.bytes("events/sqs-fifo-batch-public-note.json"), SQSEvent.class)
                .getRecords();

        assertThat(SyncHandler.annotated(messages)).containsExactly("acme/Q1F7K0ZP3XW9LM");
        assertThat(SyncHandler.annotated(LambdaJson.MAPPER
                        .readValue(Fixtures.bytes("events/sqs-fifo-batch.json"), SQSEvent.class)
                        .getRecords()))
                .isEmpty();
    }

    @Test
    void postsAPublicNoteFromTheBatchAndCountsAHeldOne() throws Exception {
        ObjectNode incident = world.incident("acme", "datadog.json", "acknowledged");
        String id = incident.path("id").asText();
        handle();
        world.pagerDuty.addNote("acme", id, "#public We are rolling back.", "jordan@acme.example");
        world.pagerDuty.addNote("acme", id, "#public Restarting db1.prod.acme.com", "jordan@acme.example");
        String body = new String(Fixtures.bytes("events/sqs-fifo-batch-public-note.json"), StandardCharsets.UTF_8)
                .replace("Q1F7K0ZP3XW9LM", id);
        metrics.clear();

        ByteArrayOutputStream output = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)), output, null);

        assertThat(world.statuspage
                        .unresolvedIncidents()
                        .getFirst()
                        .path("incident_updates")
                        .get(0)
                        .path("body")
                        .asText())
                .isEqualTo("We are rolling back.");
        assertThat(metrics).singleElement().satisfies(line -> {
            JsonNode metric = Json.MAPPER.readTree(line);
            assertThat(metric.path("PublicNotesPosted").asInt()).isEqualTo(1);
            assertThat(metric.path("HeldPublicNotes").asInt()).isEqualTo(1);
        });
        assertThat(logs)
                .filteredOn(line -> line.contains("\"sync.public_note_held\""))
                .singleElement()
                .asString()
                .contains("\"level\":\"WARN\"", "a host name (db1.prod.acme.com)");
    }

    @Test
    void writesNotesWithTheSyncFunctionsNoteKeyAndCountsThemAndANoticeAPersonTookOver() throws Exception {
        world.environmentWithNotes();
        aws.parameter("/pagerstatus/accounts/acme/note-key", FakeWorld.ACME_NOTE_KEY)
                .parameter("/pagerstatus/accounts/acme/note-from", FakeWorld.ACME_NOTE_FROM);
        ObjectNode incident = world.incident("acme", "datadog.json", "acknowledged");
        handle();
        JsonNode opened = Json.MAPPER.readTree(metrics.getFirst());
        world.statuspage.personUpdate(
                world.statuspage.unresolvedIncidents().getFirst().path("id").asText(),
                "identified",
                "We are rolling back a configuration change.");
        world.pagerDuty.setStatus("acme", incident.path("id").asText(), "resolved");
        metrics.clear();

        handle();

        assertThat(opened.path("NotesToPagerDuty").asInt()).isEqualTo(1);
        assertThat(opened.path("FailedNotesToPagerDuty").asInt()).isZero();
        assertThat(world.pagerDuty.notes("acme", incident.path("id").asText())).hasSize(1);
        assertThat(Json.MAPPER
                        .readTree(metrics.getFirst())
                        .path("HandedOverNotices")
                        .asInt())
                .isEqualTo(1);
        assertThat(logs)
                .filteredOn(line -> line.contains("\"sync.handed_over\""))
                .singleElement()
                .asString()
                .contains("\"level\":\"WARN\"", "still open");
    }

    @Test
    void countsTheStatuspageKeyAsExpiringSoonWithinSevenDaysOfTheRecordedDate() {
        java.time.LocalDate today = java.time.LocalDate.ofInstant(CLOCK.instant(), java.time.ZoneOffset.UTC);
        aws.parameter(
                "/pagerstatus/statuspage/api-key-expires", today.plusDays(7).toString());
        handler = new SyncHandler(
                SyncHandler.sources(Map.of(), () -> AwsClients.ssm(aws)),
                world.clients(),
                new Metrics("pagerstatus", "sync", CLOCK, metrics::add),
                CLOCK);

        handle();

        assertThat(metrics).singleElement().asString().contains("\"StatuspageKeyExpiresSoon\":1");
    }

    @Test
    void countsNothingWhenTheExpiryIsFarOrNotRecorded() {
        handle();

        assertThat(metrics).singleElement().asString().contains("\"StatuspageKeyExpiresSoon\":0");
    }
}
