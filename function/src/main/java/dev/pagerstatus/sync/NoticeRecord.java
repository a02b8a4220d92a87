package dev.pagerstatus.sync;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pagerstatus.statuspage.ComponentStatus;
import dev.pagerstatus.support.Json;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What a notice's metadata says about it, so that every pass, in any process, picks up where the last one left
 * off without state of its own. Metadata is invisible on the public page; Statuspage wants every top-level value
 * to be an object, and strings are the value type it is known to keep.
 *
 * @param pagerDuty       the PagerDuty incidents behind the notice: {@code acme/Q1F7K0ZP3XW9LM,...}
 * @param since           when the first of them triggered, for {@code {{since}}}; null on older notices
 * @param status          the component status pagerstatus last set; null on older notices
 * @param monitoringSince when pagerstatus put the notice into monitoring; null when it is not
 * @param notes           the PagerDuty notes already published on it, newest last
 */
public record NoticeRecord(
        String component,
        String pagerDuty,
        Instant since,
        ComponentStatus status,
        Instant monitoringSince,
        List<String> notes) {

    public static final String KEY = "pagerstatus";
    /** Enough to recognise a note again however many a long incident gathers; older ones are long past. */
    static final int MAX_NOTES = 50;

    public NoticeRecord {
        notes = List.copyOf(notes);
    }

    static NoticeRecord fresh(String component, String pagerDuty, Instant since, ComponentStatus status) {
        return new NoticeRecord(component, pagerDuty, since, status, null, List.of());
    }

    /** The record in an incident's metadata; null fields where it says nothing. */
    static NoticeRecord read(JsonNode marker, String component) {
        return new NoticeRecord(
                component,
                marker.path("pagerduty").asText(""),
                instant(marker.path("since")),
                ComponentStatus.fromWire(marker.path("status").asText("")).orElse(null),
                instant(marker.path("monitoring_since")),
                marker.path("notes").asText("").isEmpty()
                        ? List.of()
                        : Arrays.asList(marker.path("notes").asText().split(",")));
    }

    /** {@code existing} metadata with this record in it; other tools' keys are kept. */
    ObjectNode write(ObjectNode existing) {
        ObjectNode metadata = existing == null ? Json.MAPPER.createObjectNode() : existing.deepCopy();
        ObjectNode marker = metadata.putObject(KEY);
        marker.put("managed", "true");
        marker.put("component", component);
        marker.put("pagerduty", pagerDuty);
        if (since != null) {
            marker.put("since", since.toString());
        }
        if (status != null) {
            marker.put("status", status.wireValue());
        }
        if (monitoringSince != null) {
            marker.put("monitoring_since", monitoringSince.toString());
        }
        if (!notes.isEmpty()) {
            marker.put("notes", String.join(",", notes));
        }
        return metadata;
    }

    NoticeRecord withPagerDuty(String record) {
        return new NoticeRecord(component, record, since, status, monitoringSince, notes);
    }

    NoticeRecord withStatus(ComponentStatus newStatus) {
        return new NoticeRecord(component, pagerDuty, since, newStatus, monitoringSince, notes);
    }

    NoticeRecord monitoring(Instant at) {
        return new NoticeRecord(component, pagerDuty, since, status, at, notes);
    }

    NoticeRecord notMonitoring() {
        return new NoticeRecord(component, pagerDuty, since, status, null, notes);
    }

    NoticeRecord withSince(Instant at) {
        return new NoticeRecord(component, pagerDuty, at, status, monitoringSince, notes);
    }

    NoticeRecord withNote(String noteId) {
        List<String> all = new ArrayList<>(notes);
        all.add(noteId);
        return new NoticeRecord(
                component,
                pagerDuty,
                since,
                status,
                monitoringSince,
                all.subList(Math.max(0, all.size() - MAX_NOTES), all.size()));
    }

    private static Instant instant(JsonNode value) {
        try {
            return value.isTextual() && !value.asText().isEmpty() ? Instant.parse(value.asText()) : null;
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
