package dev.pagerstatus.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pagerstatus.pagerduty.PagerDutyIncident;
import dev.pagerstatus.support.Timestamps;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What a webhook body says, for both formats: V3 ({@code {"event": {...}}}, one event, signed) and the legacy
 * V2 ({@code {"messages": [...]}}, unsigned, still sent by old "Generic V2 Webhook" extensions and the
 * Python pagerstatus's README test). The fields read here are exactly docs/serve.md's table; each one missing or
 * of the wrong type is refused with a message that names it. Only events that can change what must be on the
 * page ask for a sync.
 */
final class WebhookEvents {
    /** V3 events after which a component may need a notice opened, changed or resolved. */
    static final Set<String> V3_SYNC = Set.of(
            "incident.triggered",
            "incident.acknowledged",
            "incident.unacknowledged",
            "incident.resolved",
            "incident.reopened",
            "incident.priority_updated",
            "incident.custom_field_values.updated");

    static final Set<String> V2_SYNC =
            Set.of("incident.trigger", "incident.acknowledge", "incident.unacknowledge", "incident.resolve");
    static final String PING = "pagey.ping";
    /** A note; it asks for a pass only when a responder marked it for the public page. */
    static final String ANNOTATED = "incident.annotated";

    static final String PUBLIC_MARKER = "#public ";
    /** PagerDuty's ids are UUIDs and 26-character ULIDs; anything far longer is not PagerDuty's. */
    static final int MAX_ID_LENGTH = 128;

    private static final Pattern ID = Pattern.compile("[\\x21-\\x7E]{1," + MAX_ID_LENGTH + "}");

    enum Format {
        V3,
        V2
    }

    /**
     * A readable webhook: its format, event types, and the id PagerDuty gave the event (null for a bare V2);
     * {@code publicNoteOn} is the incident a responder's public note was added to, null for anything else.
     */
    record Parsed(Format format, List<String> eventTypes, String eventId, String publicNoteOn) {
        boolean wantsSync() {
            Set<String> syncing = format == Format.V3 ? V3_SYNC : V2_SYNC;
            return publicNoteOn != null || eventTypes.stream().anyMatch(syncing::contains);
        }

        boolean isPing() {
            return format == Format.V3 && eventTypes.equals(List.of(PING));
        }
    }

    /** The body is JSON but not a PagerDuty webhook; the message says which field is missing or wrong. */
    static final class NotAWebhook extends Exception {
        NotAWebhook(String message) {
            super(message);
        }
    }

    private WebhookEvents() {}

    /** Whether a delivery or event id is one PagerDuty could have sent: 1 to 128 visible ASCII characters. */
    static boolean isPlausibleId(String id) {
        return ID.matcher(id).matches();
    }

    static Parsed parse(JsonNode body) throws NotAWebhook {
        if (!body.isObject()) {
            throw new NotAWebhook("expected a JSON object: {\"event\": {...}} (V3) or {\"messages\": [...]} (V2)");
        }
        if (body.has("event")) {
            return v3(body.path("event"));
        }
        if (body.has("messages")) {
            return v2(body.path("messages"));
        }
        throw new NotAWebhook(
                "not a PagerDuty webhook: expected {\"event\": {...}} (V3) or {\"messages\": [...]} (V2)");
    }

    private static Parsed v3(JsonNode event) throws NotAWebhook {
        if (!event.isObject()) {
            throw new NotAWebhook("event must be an object");
        }
        String id = id(event, "event.id");
        String type = text(event, "event_type", "event.event_type");
        text(event, "resource_type", "event.resource_type");
        String occurredAt = text(event, "occurred_at", "event.occurred_at");
        if (Timestamps.parse(occurredAt) == null) {
            throw new NotAWebhook("event.occurred_at must be an ISO 8601 time, such as 2026-03-18T09:44:52.031Z");
        }
        JsonNode data = event.path("data");
        if (!data.isObject()) {
            throw new NotAWebhook(data.isMissingNode() ? "event.data is missing" : "event.data must be an object");
        }
        String publicNoteOn = null;
        if (type.equals(ANNOTATED) && data.path("content").asText("").startsWith(PUBLIC_MARKER)) {
            JsonNode incident = data.path("incident");
            if (!incident.isObject()) {
                throw new NotAWebhook("event.data.incident must be an object naming the incident");
            }
            publicNoteOn = text(incident, "id", "event.data.incident.id");
            if (!PagerDutyIncident.isWellFormedId(publicNoteOn)) {
                throw new NotAWebhook("event.data.incident.id must be a PagerDuty incident id: 1 to 32 letters and"
                        + " digits, such as Q1F7K0ZP3XW9LM");
            }
        }
        if (V3_SYNC.contains(type)) {
            // The incident the event is about: the data itself, or the incident it refers to (a note, a field).
            if (data.path("type").asText("").equals("incident")) {
                text(data, "id", "event.data.id");
            } else {
                JsonNode incident = data.path("incident");
                if (!incident.isObject()) {
                    throw new NotAWebhook("event.data.incident must be an object naming the incident");
                }
                text(incident, "id", "event.data.incident.id");
            }
        }
        return new Parsed(Format.V3, List.of(type), id, publicNoteOn);
    }

    private static Parsed v2(JsonNode messages) throws NotAWebhook {
        if (!messages.isArray() || messages.isEmpty()) {
            throw new NotAWebhook("messages must be a non-empty list");
        }
        List<String> types = new ArrayList<>();
        String firstId = null;
        for (int i = 0; i < messages.size(); i++) {
            JsonNode message = messages.get(i);
            String where = "messages[" + i + "]";
            if (!message.isObject()) {
                throw new NotAWebhook(where + " must be an object");
            }
            types.add(text(message, "event", where + ".event"));
            // The Python pagerstatus's README test sends no id, so a V2 message may lack one.
            String id = message.has("id") ? id(message, where + ".id") : null;
            if (i == 0) {
                firstId = id;
            }
        }
        return new Parsed(Format.V2, List.copyOf(types), firstId, null);
    }

    private static String text(JsonNode parent, String field, String name) throws NotAWebhook {
        JsonNode value = parent.path(field);
        if (value.isMissingNode() || value.isNull()) {
            throw new NotAWebhook(name + " is missing");
        }
        if (!value.isTextual()) {
            throw new NotAWebhook(name + " must be a string");
        }
        if (value.asText().isBlank()) {
            throw new NotAWebhook(name + " is empty");
        }
        return value.asText();
    }

    private static String id(JsonNode parent, String name) throws NotAWebhook {
        String id = text(parent, name.substring(name.lastIndexOf('.') + 1), name);
        if (!isPlausibleId(id)) {
            throw new NotAWebhook(name + " must be at most " + MAX_ID_LENGTH + " visible ASCII characters");
        }
        return id;
    }
}
