package dev.pagerstatus.sync;

import static dev.pagerstatus.sync.Describe.labels;
import static dev.pagerstatus.sync.Describe.time;

import dev.pagerstatus.pagerduty.IncidentStatus;
import dev.pagerstatus.pagerduty.PagerDutyIncident;
import dev.pagerstatus.policy.ComponentPolicy;
import dev.pagerstatus.policy.PublishAfter;
import dev.pagerstatus.policy.Severity;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A component's open PagerDuty incidents as the policy sees them at {@code now}.
 *
 * @param relevant    the open incidents whose severity is not none
 * @param published   those of them that have reached the page (acknowledged, or past the publish delay)
 * @param worst       the worst severity over {@code published}; null when none is
 * @param publishDue  when the next relevant incident reaches the page by the delay alone; null when none will
 */
record Situation(
        ComponentPolicy policy,
        List<PagerDutyIncident> open,
        List<PagerDutyIncident> relevant,
        List<PagerDutyIncident> published,
        Severity worst,
        String worstReason,
        Instant publishDue,
        String ignoredReason) {

    static Situation of(List<PagerDutyIncident> open, ComponentPolicy policy, Instant now) {
        List<PagerDutyIncident> relevant = new ArrayList<>();
        List<PagerDutyIncident> published = new ArrayList<>();
        List<String> ignored = new ArrayList<>();
        Severity worst = null;
        List<String> reasons = new ArrayList<>();
        Instant publishDue = null;
        for (PagerDutyIncident incident : open) {
            ComponentPolicy.Assessment assessment = policy.assess(incident.priority(), incident.urgency());
            String label = incident.label() + (incident.priority() == null ? "" : " " + incident.priority());
            if (assessment.severity() == Severity.NONE) {
                ignored.add(label + " → none");
                continue;
            }
            relevant.add(incident);
            Instant publishAt = publishAt(incident, policy.publishAfter());
            if (publishAt != null && !publishAt.isAfter(now)) {
                published.add(incident);
                reasons.add(label + " → " + assessment.severity().label());
                if (worst == null || assessment.severity().isWorseThan(worst)) {
                    worst = assessment.severity();
                }
            } else if (publishAt != null && (publishDue == null || publishAt.isBefore(publishDue))) {
                publishDue = publishAt;
            }
        }
        String worstReason =
                worst == null ? null : (published.size() == 1 ? "" : "worst of ") + String.join(", ", reasons);
        String ignoredReason =
                ignored.isEmpty() ? null : String.join(", ", ignored) + " (severity none: never on the page)";
        return new Situation(policy, open, relevant, published, worst, worstReason, publishDue, ignoredReason);
    }

    /** When the incident reaches the page; null when only an acknowledgement can make it. */
    private static Instant publishAt(PagerDutyIncident incident, PublishAfter after) {
        if (incident.status() == IncidentStatus.ACKNOWLEDGED || after instanceof PublishAfter.Triggered) {
            return Instant.MIN;
        }
        if (after instanceof PublishAfter.OpenFor(var delay) && incident.createdAt() != null) {
            return incident.createdAt().plus(delay);
        }
        return null;
    }

    /** Why the published ones are not all there is: "triggered (acme#7); published once acknowledged". */
    String waitingReason() {
        List<PagerDutyIncident> waiting = relevant.stream()
                .filter(incident -> !published.contains(incident))
                .toList();
        if (waiting.isEmpty()) {
            return ignoredReason;
        }
        String when = publishDue != null
                ? "published at " + time(publishDue) + " unless resolved or acknowledged sooner"
                : "published once acknowledged";
        return "triggered in PagerDuty (" + labels(waiting) + "); " + when;
    }

    Instant firstTriggered() {
        return published.stream()
                .map(PagerDutyIncident::createdAt)
                .filter(Objects::nonNull)
                .min(Instant::compareTo)
                .orElse(null);
    }
}
