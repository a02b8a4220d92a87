package dev.pagerstatus.statuspage;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * A Statuspage incident, or a scheduled maintenance (Statuspage keeps both as incidents). {@code metadata} is the
 * incident's metadata object (empty when Statuspage sends none); {@code updates} are in whatever order Statuspage
 * sent them. {@code updatedAt}, {@code resolvedAt} and {@code scheduledUntil} (a maintenance's planned end) are
 * null when Statuspage sends none. {@code components} are the attached components as Statuspage lists them, each
 * with its current status (empty where only the ids are known).
 */
public record StatuspageIncident(
        String id,
        String name,
        String status,
        Instant createdAt,
        Instant updatedAt,
        Instant resolvedAt,
        Instant scheduledUntil,
        String shortlink,
        List<String> componentIds,
        ObjectNode metadata,
        List<IncidentUpdate> updates,
        List<Component> components) {

    public StatuspageIncident {
        componentIds = List.copyOf(componentIds);
        updates = List.copyOf(updates);
        components = List.copyOf(components);
    }

    public StatuspageIncident(
            String id,
            String name,
            String status,
            Instant createdAt,
            String shortlink,
            List<String> componentIds,
            ObjectNode metadata,
            List<IncidentUpdate> updates) {
        this(id, name, status, createdAt, null, null, null, shortlink, componentIds, metadata, updates, List.of());
    }

    /**
     * The update that created the incident. Statuspage lists updates newest first today, but does not promise
     * it, so the oldest is found by time.
     */
    public Optional<IncidentUpdate> firstUpdate() {
        return updates.stream().min(BY_TIME);
    }

    /** The newest update with {@code status}: for a resolved incident, the one that resolved it. */
    public Optional<IncidentUpdate> latestUpdate(String status) {
        return updates.stream().filter(update -> status.equals(update.status())).max(BY_TIME);
    }

    public boolean resolved() {
        return status.equals("resolved") || status.equals("postmortem");
    }

    private static final Comparator<IncidentUpdate> BY_TIME =
            Comparator.comparing(IncidentUpdate::createdAt, Comparator.nullsLast(Comparator.naturalOrder()));
}
