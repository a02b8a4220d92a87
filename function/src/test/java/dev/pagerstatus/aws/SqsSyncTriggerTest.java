package dev.pagerstatus.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pagerstatus.support.Json;
import dev.pagerstatus.sync.SyncRequest;
import dev.pagerstatus.sync.SyncTrigger;
import dev.pagerstatus.testing.AwsClients;
import dev.pagerstatus.testing.FakeAws;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SqsSyncTriggerTest {
    private static final String QUEUE = "https://sqs.eu-west-1.amazonaws.com/111122223333/pagerstatus-sync.fifo";

    private final FakeAws aws = new FakeAws();
    private final SqsSyncTrigger trigger = new SqsSyncTrigger(AwsClients.sqs(aws), QUEUE);

    @AfterEach
    void stop() {
        aws.close();
    }

    @Test
    void sendsToThePagesOneMessageGroupWithTheDeliveryAsDeduplicationId() throws Exception {
        trigger.request(new SyncRequest("acme", "b3b5a2f2-4c1d-4e7a-9f0e-2a6c8d1e7f30", "incident.acknowledged"));

        JsonNode message = aws.messages().getFirst();
        assertThat(message.path("QueueUrl").asText()).isEqualTo(QUEUE);
        assertThat(message.path("MessageGroupId").asText()).isEqualTo(SqsSyncTrigger.MESSAGE_GROUP);
        assertThat(message.path("MessageDeduplicationId").asText())
                .isEqualTo("acme:b3b5a2f2-4c1d-4e7a-9f0e-2a6c8d1e7f30");
        assertThat(Json.MAPPER
                        .readTree(message.path("MessageBody").asText())
                        .path("event_type")
                        .asText())
                .isEqualTo("incident.acknowledged");
    }

    @Test
    void namesTheIncidentOfAPublicNoteSoThePassReadsItsNotes() throws Exception {
        trigger.request(new SyncRequest("acme", "5c1e7a90", "incident.annotated", "Q1F7K0ZP3XW9LM"));

        JsonNode body = Json.MAPPER.readTree(
                aws.messages().getFirst().path("MessageBody").asText());
        assertThat(body.path("public_note_on").asText()).isEqualTo("acme/Q1F7K0ZP3XW9LM");
    }

    @Test
    void pagerDutysRetriesOfOneDeliveryCollapseIntoOneMessage() throws Exception {
        SyncRequest request = new SyncRequest("acme", "b3b5a2f2-4c1d-4e7a-9f0e-2a6c8d1e7f30", "incident.acknowledged");

        trigger.request(request);
        trigger.request(request);

        assertThat(aws.messages()).hasSize(1);
    }

    @Test
    void deliveriesWithoutAnIdAreNeverCollapsed() throws Exception {
        trigger.request(new SyncRequest("legacy", null, "incident.acknowledge"));
        trigger.request(new SyncRequest("legacy", null, "incident.acknowledge"));

        assertThat(aws.messages()).hasSize(2);
    }

    @Test
    void hashesADeliveryIdSqsWouldNotAccept() {
        String id = SqsSyncTrigger.deduplicationId(new SyncRequest("acme", "ü".repeat(200), "incident.resolved"));

        assertThat(id).matches("[0-9a-f]{64}");
    }

    @Test
    void reportsAQueueItCannotReachSoTheWebhookIsAnswered503AndRetried() {
        aws.failNext(50);

        assertThatThrownBy(() -> trigger.request(new SyncRequest("acme", "d1", "incident.resolved")))
                .isInstanceOf(SyncTrigger.SyncUnavailableException.class)
                .hasMessageStartingWith("SQS SendMessage failed");
    }
}
