package dev.pagerstatus.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * What a webhook body says, for both formats: V3 ({@code {"event": {...}}}, one event, signed) and the legacy
 * V2 ({@code {"messages": [...]}}, unsigned, still sent by old "Generic V2 Webhook" extensions and the
 * Python pagerstatus's README test). Only events that can change what must be on the page ask for a sync.
 */
final class WebhookEvents {
    /** V3 events after which a component may need a notice opened or resolved. */
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

    enum Format {
        V3,
        V2
    }

    /** A readable webhook: its format, event types, and the id PagerDuty gave the event (if any). */
    record Parsed(Format format, List<String> eventTypes, String eventId) {
        boolean wantsSync() {
            Set<String> syncing = format == Format.V3 ? V3_SYNC : V2_SYNC;
            return eventTypes.stream().anyMatch(syncing::contains);
        }

        boolean isPing() {
            return format == Format.V3 && eventTypes.equals(List.of(PING));
        }
    }

    /** The body is JSON but not a PagerDuty webhook; the message says what is missing. */
    static final class NotAWebhook extends Exception {
        NotAWebhook(String message) {
            super(message);
        }
    }

    private WebhookEvents() {}

    static Parsed parse(JsonNode body) throws NotAWebhook {
        if (!body.isObject()) {
            throw new NotAWebhook("expected a JSON object: {\"event\": {...}} (V3) or {\"messages\": [...]} (V2)");
        }
        if (body.has("event")) {
            JsonNode event = body.path("event");
            if (!event.isObject()) {
                throw new NotAWebhook("'event' must be an object");
            }
            String type = event.path("event_type").asText("");
            if (type.isBlank()) {
                throw new NotAWebhook("event.event_type is missing");
            }
            return new Parsed(Format.V3, List.of(type), text(event.path("id")));
        }
        if (body.has("messages")) {
            JsonNode messages = body.path("messages");
            if (!messages.isArray() || messages.isEmpty()) {
                throw new NotAWebhook("'messages' must be a non-empty list");
            }
            List<String> types = new ArrayList<>();
            for (int i = 0; i < messages.size(); i++) {
                String type = messages.get(i).path("event").asText("");
                if (type.isBlank()) {
                    throw new NotAWebhook("messages[" + i + "].event is missing");
                }
                types.add(type);
            }
            return new Parsed(
                    Format.V2, List.copyOf(types), text(messages.get(0).path("id")));
        }
        throw new NotAWebhook(
                "not a PagerDuty webhook: expected {\"event\": {...}} (V3) or {\"messages\": [...]} (V2)");
    }

    private static String text(JsonNode value) {
        return value.isTextual() && !value.asText().isBlank() ? value.asText() : null;
    }
}
