package dev.pagerstatus.sync;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.pagerstatus.pagerduty.PagerDutyIncident;
import dev.pagerstatus.statuspage.StatuspageIncident;
import java.util.List;

/**
 * One line of a plan: what happens to a component and why, with the PagerDuty incidents behind it.
 * {@code statuspageIncident} is the managed incident the action applies to (null for open and wait);
 * {@code write} is the request that carries the action out (null for keep and wait);
 * {@code restoreComponent} says whether resolving sets the component back to operational (not when the
 * component is gone from the page, or another open incident that is not pagerstatus's also holds it).
 */
@JsonPropertyOrder({"action", "component", "reason", "statuspage_incident", "pagerduty"})
public record PlannedChange(
        Action action,
        @JsonIgnore String componentId,
        @JsonIgnore String componentName,
        @JsonIgnore boolean restoreComponent,
        String reason,
        @JsonIgnore List<PagerDutyIncident> pagerDutyIncidents,
        @JsonIgnore StatuspageIncident statuspageIncident,
        @JsonIgnore StatuspageWrite write) {

    public PlannedChange {
        pagerDutyIncidents = List.copyOf(pagerDutyIncidents);
    }

    /** For {@code --json}: the component as {@code {"id", "name"}}. */
    @JsonProperty("component")
    public ComponentView component() {
        return new ComponentView(componentId, componentName);
    }

    @JsonProperty("statuspage_incident")
    public String statuspageIncidentId() {
        return statuspageIncident == null ? null : statuspageIncident.id();
    }

    @JsonProperty("pagerduty")
    public List<PagerDutyView> pagerDuty() {
        return pagerDutyIncidents.stream()
                .map(incident -> new PagerDutyView(
                        incident.account(),
                        incident.id(),
                        incident.number(),
                        incident.status().wireValue(),
                        incident.htmlUrl()))
                .toList();
    }

    public record ComponentView(String id, String name) {}

    public record PagerDutyView(String account, String id, int number, String status, String url) {}
}
