package dev.pagerstatus.sync;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.pagerstatus.pagerduty.PagerDutyIncident;
import dev.pagerstatus.policy.Severity;
import dev.pagerstatus.statuspage.StatuspageIncident;
import java.time.Instant;
import java.util.List;

/**
 * One line of a plan: what happens to a component of a page and why, with the PagerDuty incidents behind it.
 *
 * @param severity           the component's status as the policy computes it from its published incidents, and
 *                           {@code severityReason} how ({@code worst of acme#4821 P1 → major_outage}); null when
 *                           nothing is published
 * @param due                when this line will change with no webhook (a delayed publish, the end of
 *                           monitoring), described by {@code dueReason}; null when nothing is due
 * @param statuspageIncident the managed incident the action applies to (null for open and wait)
 * @param write              the request that carries the action out (null for keep and wait)
 */
@JsonPropertyOrder({"page", "action", "component", "status", "reason", "due", "statuspage_incident", "pagerduty"})
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PlannedChange(
        String page,
        Action action,
        @JsonIgnore String componentId,
        @JsonIgnore String componentName,
        @JsonIgnore Severity severity,
        @JsonIgnore String severityReason,
        String reason,
        @JsonIgnore Instant due,
        @JsonIgnore String dueReason,
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

    @JsonProperty("status")
    public StatusView status() {
        return severity == null ? null : new StatusView(severity.label(), severityReason);
    }

    @JsonProperty("due")
    public DueView dueView() {
        return due == null ? null : new DueView(due, dueReason);
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
                        incident.priority(),
                        incident.urgency(),
                        incident.htmlUrl()))
                .toList();
    }

    public record ComponentView(String id, String name) {}

    public record StatusView(String value, String why) {}

    public record DueView(Instant at, String what) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record PagerDutyView(
            String account, String id, int number, String status, String priority, String urgency, String url) {}
}
