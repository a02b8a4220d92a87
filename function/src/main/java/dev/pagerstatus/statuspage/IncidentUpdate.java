package dev.pagerstatus.statuspage;

import java.time.Instant;
import java.util.List;

/** One update in an incident's timeline; {@code affectedComponentIds} are the {@code affected_components[].code}. */
public record IncidentUpdate(
        String id, String status, String body, Instant createdAt, List<String> affectedComponentIds) {
    public IncidentUpdate {
        affectedComponentIds = List.copyOf(affectedComponentIds);
    }
}
