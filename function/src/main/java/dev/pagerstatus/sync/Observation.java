package dev.pagerstatus.sync;

import dev.pagerstatus.pagerduty.PagerDutyIncident;
import dev.pagerstatus.pagerduty.PagerDutyNote;
import dev.pagerstatus.statuspage.Component;
import dev.pagerstatus.statuspage.StatuspageIncident;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Everything a pass read, complete: the open PagerDuty incidents of every account, the page's state, and the
 * notes read for incidents a responder annotated ({@code notes}, by {@code <account>/<incident id>}), at
 * {@code now}.
 */
public record Observation(
        List<PagerDutyIncident> pagerDutyIncidents,
        List<Component> components,
        List<StatuspageIncident> statuspageIncidents,
        Map<String, List<PagerDutyNote>> notes,
        Instant now) {

    public Observation {
        pagerDutyIncidents = List.copyOf(pagerDutyIncidents);
        components = List.copyOf(components);
        statuspageIncidents = List.copyOf(statuspageIncidents);
        notes = Map.copyOf(notes);
    }

    public Observation(
            List<PagerDutyIncident> pagerDutyIncidents,
            List<Component> components,
            List<StatuspageIncident> statuspageIncidents,
            Instant now) {
        this(pagerDutyIncidents, components, statuspageIncidents, Map.of(), now);
    }
}
