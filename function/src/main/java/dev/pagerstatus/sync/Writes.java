package dev.pagerstatus.sync;

import dev.pagerstatus.pagerduty.PagerDutyIncident;
import dev.pagerstatus.policy.IncidentTemplate;
import dev.pagerstatus.statuspage.Component;
import dev.pagerstatus.statuspage.ComponentStatus;
import dev.pagerstatus.statuspage.IncidentWrite;
import dev.pagerstatus.statuspage.StatuspageIncident;
import java.util.List;
import java.util.Map;

/** The exact Statuspage request behind each writing action; part of the pure core, like the rules themselves. */
final class Writes {
    private Writes() {}

    static StatuspageWrite open(Component component, List<PagerDutyIncident> open, IncidentTemplate template) {
        return new StatuspageWrite.Create(new IncidentWrite(
                template.renderName(component.name()),
                "investigating",
                template.renderBody(component.name()),
                List.of(component.id()),
                Map.of(component.id(), template.componentStatus().wireValue()),
                template.notifySubscribers(),
                Ownership.metadata(null, component.id(), Reconciler.record(open))));
    }

    static StatuspageWrite resolve(
            StatuspageIncident notice,
            String componentId,
            String componentName,
            boolean restoreComponent,
            IncidentTemplate template) {
        return new StatuspageWrite.Update(
                notice.id(),
                new IncidentWrite(
                        null,
                        "resolved",
                        template.renderResolvedBody(componentName),
                        // Sending exactly the incident's components keeps them attached; an empty list could detach
                        // them.
                        restoreComponent && notice.componentIds().contains(componentId) ? notice.componentIds() : null,
                        restoreComponent ? Map.of(componentId, ComponentStatus.OPERATIONAL.wireValue()) : null,
                        template.notifySubscribers(),
                        null));
    }

    /** Closes a second pagerstatus notice for a component quietly: subscribers already heard of the first. */
    static StatuspageWrite closeDuplicate(
            StatuspageIncident duplicate, String componentName, IncidentTemplate template) {
        return new StatuspageWrite.Update(
                duplicate.id(),
                new IncidentWrite(
                        null, "resolved", template.renderDuplicateBody(componentName), null, null, false, null));
    }

    /** Refreshes the notice's record of the PagerDuty incidents behind it; nothing public changes. */
    static StatuspageWrite record(StatuspageIncident notice, String componentId, List<PagerDutyIncident> open) {
        return new StatuspageWrite.Update(
                notice.id(),
                new IncidentWrite(
                        null,
                        null,
                        null,
                        null,
                        null,
                        false,
                        Ownership.metadata(notice.metadata(), componentId, Reconciler.record(open))));
    }
}
