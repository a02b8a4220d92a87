package dev.pagerstatus.sync;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pagerstatus.statuspage.IncidentUpdate;
import dev.pagerstatus.statuspage.StatuspageIncident;
import java.util.List;
import java.util.Set;

/**
 * Decides which Statuspage incidents pagerstatus may touch. Its own carry a {@link NoticeRecord} in
 * {@code metadata.pagerstatus} ({@code {"managed": "true", "component": "<id>", "pagerduty": "<account>/<id>,..."}}
 * and what later passes need). Incidents the Python pagerstatus opened are adopted: their first update's body
 * carries its watermark, {@value #WATERMARK}. Anything else is never modified.
 */
public final class Ownership {
    public static final String METADATA_KEY = NoticeRecord.KEY;
    public static final String WATERMARK = "⛈";
    private static final Set<String> SCHEDULED_STATUSES = Set.of("scheduled", "in_progress", "verifying", "completed");

    /** What an unresolved incident is to pagerstatus. */
    public sealed interface Verdict permits Managed, NotOurs, Unusable {}

    /** Ours, on this component, with what its metadata records (nothing yet for an adopted one). */
    public record Managed(StatuspageIncident incident, String componentId, boolean legacy, NoticeRecord record)
            implements Verdict {
        public String recordedPagerDuty() {
            return record.pagerDuty();
        }
    }

    public record NotOurs() implements Verdict {}

    /** Ours, but it is not clear which single component it is about, so it is left alone. */
    public record Unusable(StatuspageIncident incident, String reason) implements Verdict {}

    private Ownership() {}

    public static Verdict of(StatuspageIncident incident) {
        if (SCHEDULED_STATUSES.contains(incident.status())) {
            return new NotOurs();
        }
        JsonNode marker = incident.metadata().path(METADATA_KEY);
        if (marker.isObject()) {
            String component = marker.path("component").asText("");
            if (!component.isEmpty()) {
                return new Managed(incident, component, false, NoticeRecord.read(marker, component));
            }
            return single(incident.componentIds(), incident, false);
        }
        boolean watermarked = incident.firstUpdate()
                .map(IncidentUpdate::body)
                .filter(body -> body != null && body.contains(WATERMARK))
                .isPresent();
        if (!watermarked) {
            return new NotOurs();
        }
        if (!incident.componentIds().isEmpty()) {
            return single(incident.componentIds(), incident, true);
        }
        // The Python tool read the component from the first update; fall back to that for old incidents.
        List<String> affected =
                incident.firstUpdate().map(IncidentUpdate::affectedComponentIds).orElse(List.of());
        return single(affected, incident, true);
    }

    private static Verdict single(List<String> componentIds, StatuspageIncident incident, boolean legacy) {
        List<String> distinct = componentIds.stream().distinct().toList();
        if (distinct.size() == 1) {
            JsonNode marker = incident.metadata().path(METADATA_KEY);
            NoticeRecord record = marker.isObject()
                    ? NoticeRecord.read(marker, distinct.getFirst())
                    : NoticeRecord.fresh(distinct.getFirst(), "", null, null);
            return new Managed(incident, distinct.getFirst(), legacy, record);
        }
        return new Unusable(
                incident,
                distinct.isEmpty()
                        ? "it names no component"
                        : "it names " + distinct.size() + " components " + distinct
                                + "; pagerstatus keeps one per incident");
    }
}
