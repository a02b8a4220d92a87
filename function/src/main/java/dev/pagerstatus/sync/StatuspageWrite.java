package dev.pagerstatus.sync;

import dev.pagerstatus.statuspage.IncidentWrite;

/**
 * One request a pass sends to Statuspage, decided entirely by the {@link Reconciler}; the pass runner only
 * sends it and reports what came back.
 */
public sealed interface StatuspageWrite {
    /** {@code POST /pages/{page}/incidents}. */
    record Create(IncidentWrite incident) implements StatuspageWrite {}

    /** {@code PATCH /pages/{page}/incidents/{incidentId}}. */
    record Update(String incidentId, IncidentWrite change) implements StatuspageWrite {}

    /** The incident object the request sends: a new incident's whole, or an update's changes. */
    default IncidentWrite body() {
        return switch (this) {
            case Create create -> create.incident();
            case Update update -> update.change();
        };
    }
}
