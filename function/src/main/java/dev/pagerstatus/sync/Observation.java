package dev.pagerstatus.sync;

import dev.pagerstatus.pagerduty.PagerDutyIncident;
import dev.pagerstatus.statuspage.Component;
import dev.pagerstatus.statuspage.StatuspageIncident;
import java.util.List;

/** Everything a pass read, complete: the open PagerDuty incidents of every account and the page's state. */
public record Observation(
        List<PagerDutyIncident> pagerDutyIncidents,
        List<Component> components,
        List<StatuspageIncident> statuspageIncidents) {

    public Observation {
        pagerDutyIncidents = List.copyOf(pagerDutyIncidents);
        components = List.copyOf(components);
        statuspageIncidents = List.copyOf(statuspageIncidents);
    }
}
