package dev.pagerstatus.pagerduty;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.pagerstatus.support.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * One page of {@code GET /incidents}, read with Jackson's streaming parser. An incident with its trigger log
 * entry is several kilobytes, of which pagerstatus needs a handful of fields and the log entry's
 * {@code channel}; building trees for the rest was most of a pass's CPU with ten thousand open incidents.
 * Only the fields named here are kept; everything else is skipped without being materialised.
 */
record IncidentPage(List<Raw> incidents, boolean more, boolean hasIncidentList, int total) {
    /** {@code total} when the response gives none (it does only when asked, with {@code total=true}). */
    static final int UNKNOWN_TOTAL = -1;

    /** The parts of an incident pagerstatus reads. {@code logEntryIsObject} / {@code channel} as sent. */
    record Raw(
            String id,
            int number,
            String status,
            String title,
            String summary,
            String htmlUrl,
            String createdAt,
            String priority,
            String urgency,
            boolean logEntryIsObject,
            boolean logEntryHasChannel,
            JsonNode channel) {}

    static IncidentPage read(byte[] body) throws IOException {
        try (JsonParser parser = Json.MAPPER.createParser(body)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("not an object");
            }
            List<Raw> incidents = new ArrayList<>();
            boolean more = false;
            boolean hasList = false;
            int total = UNKNOWN_TOTAL;
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                if (field.equals("incidents") && value == JsonToken.START_ARRAY) {
                    hasList = true;
                    while (parser.nextToken() != JsonToken.END_ARRAY) {
                        incidents.add(incident(parser));
                    }
                } else if (field.equals("more")) {
                    more = value == JsonToken.VALUE_TRUE;
                } else if (field.equals("total") && value == JsonToken.VALUE_NUMBER_INT) {
                    total = parser.getIntValue();
                } else {
                    parser.skipChildren();
                }
            }
            return new IncidentPage(incidents, more, hasList, total);
        }
    }

    private static Raw incident(JsonParser parser) throws IOException {
        if (parser.currentToken() != JsonToken.START_OBJECT) {
            parser.skipChildren();
            return new Raw("", 0, "", "", "", "", "", null, "", false, false, MissingNode.getInstance());
        }
        String id = "";
        int number = 0;
        String status = "";
        String title = "";
        String summary = "";
        String htmlUrl = "";
        String createdAt = "";
        String priority = null;
        String urgency = "";
        boolean logEntryIsObject = false;
        boolean logEntryHasChannel = false;
        JsonNode channel = MissingNode.getInstance();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            JsonToken value = parser.nextToken();
            switch (field) {
                case "id" -> id = text(parser, value);
                case "incident_number" -> number = value == JsonToken.VALUE_NUMBER_INT ? parser.getIntValue() : 0;
                case "status" -> status = text(parser, value);
                case "title" -> title = text(parser, value);
                case "summary" -> summary = text(parser, value);
                case "html_url" -> htmlUrl = text(parser, value);
                case "created_at" -> createdAt = text(parser, value);
                case "urgency" -> urgency = text(parser, value);
                case "priority" -> priority = priority(parser, value);
                case "first_trigger_log_entry" -> {
                    if (value == JsonToken.START_OBJECT) {
                        logEntryIsObject = true;
                        while (parser.nextToken() == JsonToken.FIELD_NAME) {
                            String entryField = parser.currentName();
                            parser.nextToken();
                            if (entryField.equals("channel")) {
                                logEntryHasChannel = true;
                                channel = parser.readValueAsTree();
                                if (channel == null) {
                                    channel = MissingNode.getInstance();
                                }
                            } else {
                                parser.skipChildren();
                            }
                        }
                    } else {
                        parser.skipChildren();
                    }
                }
                default -> parser.skipChildren();
            }
        }
        return new Raw(
                id,
                number,
                status,
                title,
                summary,
                htmlUrl,
                createdAt,
                priority,
                urgency,
                logEntryIsObject,
                logEntryHasChannel,
                channel);
    }

    /** A priority reference's {@code summary} ("P1"), or null: no priority, or an account without priorities. */
    private static String priority(JsonParser parser, JsonToken value) throws IOException {
        if (value != JsonToken.START_OBJECT) {
            parser.skipChildren();
            return null;
        }
        String summary = null;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            JsonToken token = parser.nextToken();
            if (field.equals("summary") && token == JsonToken.VALUE_STRING) {
                summary = parser.getText();
            } else {
                parser.skipChildren();
            }
        }
        return summary == null || summary.isBlank() ? null : summary;
    }

    private static String text(JsonParser parser, JsonToken value) throws IOException {
        return value == JsonToken.VALUE_STRING
                ? parser.getText()
                : (value.isScalarValue() ? parser.getValueAsString("") : skip(parser));
    }

    private static String skip(JsonParser parser) throws IOException {
        parser.skipChildren();
        return "";
    }
}
