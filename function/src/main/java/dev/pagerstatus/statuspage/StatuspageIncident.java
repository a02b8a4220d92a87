package dev.pagerstatus.statuspage;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * An unresolved Statuspage incident. {@code metadata} is the incident's metadata object (empty when Statuspage
 * sends none); {@code updates} are in whatever order Statuspage sent them.
 */
public record StatuspageIncident(
        String id,
        String name,
        String status,
        Instant createdAt,
        String shortlink,
        List<String> componentIds,
        ObjectNode metadata,
        List<IncidentUpdate> updates) {

    public StatuspageIncident {
        componentIds = List.copyOf(componentIds);
        updates = List.copyOf(updates);
    }

    /**
     * The update that created the incident. Statuspage lists updates newest first today, but does not promise
     * it, so the oldest is found by time.
     */
    public Optional<IncidentUpdate> firstUpdate() {
        return updates.stream()
                .min(Comparator.comparing(IncidentUpdate::createdAt, Comparator.nullsLast(Comparator.naturalOrder())));
    }
}
