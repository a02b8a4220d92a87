package dev.pagerstatus.sync;

import dev.pagerstatus.statuspage.Component;
import dev.pagerstatus.statuspage.StatuspageIncident;
import java.util.List;

/**
 * One status page as a pass read it: its components, its unresolved incidents (every notice, pagerstatus's or
 * not), the maintenances in progress on it, and its most recent incidents, resolved ones included.
 */
public record PageState(
        String id,
        List<Component> components,
        List<StatuspageIncident> unresolved,
        List<StatuspageIncident> maintenances,
        List<StatuspageIncident> recent) {

    public PageState {
        components = List.copyOf(components);
        unresolved = List.copyOf(unresolved);
        maintenances = List.copyOf(maintenances);
        recent = List.copyOf(recent);
    }

    public PageState(String id, List<Component> components, List<StatuspageIncident> unresolved) {
        this(id, components, unresolved, List.of(), List.of());
    }
}
