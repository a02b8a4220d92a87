package dev.pagerstatus.aws;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pagerstatus.support.Json;
import dev.pagerstatus.sync.SyncRequest;
import dev.pagerstatus.sync.SyncTrigger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.UUID;
import java.util.regex.Pattern;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Hands a sync request to the SQS FIFO queue. Every message goes to the one message group of the page, so
 * the sync function runs passes strictly one after another; the delivery id is the deduplication id, so
 * PagerDuty's retries of one webhook within SQS's five-minute window collapse into one message.
 */
public final class SqsSyncTrigger implements SyncTrigger {
    /** The message group of all passes for the page; the scheduled passes use it too (see the CDK app). */
    public static final String MESSAGE_GROUP = "status-page";

    private static final Pattern DEDUPLICATION_ID = Pattern.compile("[\\x21-\\x7E]{1,128}");

    private final SqsClient sqs;
    private final String queueUrl;

    public SqsSyncTrigger(SqsClient sqs, String queueUrl) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
    }

    @Override
    public void request(SyncRequest request) throws SyncUnavailableException {
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.put("source", "webhook");
        body.put("account", request.account());
        body.put("delivery", request.deliveryId());
        body.put("event_type", request.eventType());
        if (request.annotatedIncident() != null) {
            body.put("public_note_on", request.annotatedIncident());
        }
        try {
            sqs.sendMessage(message -> message.queueUrl(queueUrl)
                    .messageGroupId(MESSAGE_GROUP)
                    .messageDeduplicationId(deduplicationId(request))
                    .messageBody(body.toString()));
        } catch (SdkException e) {
            throw new SyncUnavailableException("SQS SendMessage failed: " + e.getMessage(), e);
        }
    }

    /** The delivery id when SQS accepts it as is, a hash of it otherwise, and a fresh id when there is none. */
    static String deduplicationId(SyncRequest request) {
        if (request.deliveryId() == null) {
            return UUID.randomUUID().toString();
        }
        String id = request.account() + ":" + request.deliveryId();
        if (DEDUPLICATION_ID.matcher(id).matches()) {
            return id;
        }
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(id.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
