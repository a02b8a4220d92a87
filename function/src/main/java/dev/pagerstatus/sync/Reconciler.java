package dev.pagerstatus.sync;

import dev.pagerstatus.pagerduty.IncidentStatus;
import dev.pagerstatus.pagerduty.PagerDutyIncident;
import dev.pagerstatus.policy.IncidentTemplate;
import dev.pagerstatus.statuspage.Component;
import dev.pagerstatus.statuspage.StatuspageIncident;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The rules, as one pure function from what was read to what to do.
 * <ul>
 *   <li>What must be on the page is the union over every account: a component is affected while any account
 *       has an open incident naming it.</li>
 *   <li>A notice opens once one of those incidents is acknowledged: a person confirmed it, which keeps false
 *       alarms off a public page.</li>
 *   <li>An open notice stays open while any incident on its component is open, triggered or acknowledged, so
 *       an un-acknowledge or an acknowledgement timeout does not make it flap. It resolves when none is.</li>
 *   <li>One notice per component: of several, the oldest stays and the others are closed quietly.</li>
 *   <li>A tag naming a component that is not on the page, or a group, is reported and skipped.</li>
 *   <li>Incidents without pagerstatus's marker are never modified; while one covers a component, pagerstatus
 *       opens no second notice beside it, and resolving its own leaves that component's status alone.</li>
 * </ul>
 */
public final class Reconciler {
    /** How many PagerDuty incidents a notice's metadata lists by name before it summarises. */
    static final int MAX_RECORDED = 20;

    private static final Comparator<PagerDutyIncident> BY_ACCOUNT_AND_NUMBER = Comparator.comparing(
                    PagerDutyIncident::account)
            .thenComparingInt(PagerDutyIncident::number)
            .thenComparing(PagerDutyIncident::id);
    private static final Comparator<Ownership.Managed> OLDEST_FIRST = Comparator.comparing(
                    (Ownership.Managed managed) -> managed.incident().createdAt(),
                    Comparator.nullsLast(Comparator.<Instant>naturalOrder()))
            .thenComparing(managed -> managed.incident().id());

    private Reconciler() {}

    public static Plan plan(Observation observation, IncidentTemplate template) {
        List<Finding> findings = new ArrayList<>();
        Map<String, Component> components = new HashMap<>();
        observation.components().forEach(component -> components.put(component.id(), component));

        Map<String, List<PagerDutyIncident>> openByComponent = new TreeMap<>();
        for (PagerDutyIncident incident : observation.pagerDutyIncidents()) {
            if (!incident.status().isOpen()) {
                continue;
            }
            for (String problem : incident.tagProblems()) {
                findings.add(new Finding(Finding.Kind.MALFORMED_TAG, describe(incident) + ": " + problem));
            }
            for (String componentId : incident.componentIds()) {
                openByComponent
                        .computeIfAbsent(componentId, id -> new ArrayList<>())
                        .add(incident);
            }
        }
        openByComponent.values().forEach(list -> list.sort(BY_ACCOUNT_AND_NUMBER));

        Map<String, List<Ownership.Managed>> managedByComponent = new TreeMap<>();
        Map<String, String> heldByOthers = new TreeMap<>();
        for (StatuspageIncident incident : observation.statuspageIncidents()) {
            switch (Ownership.of(incident)) {
                case Ownership.Managed managed ->
                    managedByComponent
                            .computeIfAbsent(managed.componentId(), id -> new ArrayList<>())
                            .add(managed);
                case Ownership.Unusable unusable ->
                    findings.add(new Finding(
                            Finding.Kind.UNUSABLE_INCIDENT,
                            "Statuspage incident " + incident.id() + " is marked as pagerstatus's but "
                                    + unusable.reason() + "; it is left alone"));
                case Ownership.NotOurs notOurs ->
                    incident.componentIds().forEach(id -> heldByOthers.putIfAbsent(id, incident.id()));
            }
        }
        managedByComponent.values().forEach(list -> list.sort(OLDEST_FIRST));

        Set<String> componentIds = new TreeSet<>(openByComponent.keySet());
        componentIds.addAll(managedByComponent.keySet());
        List<PlannedChange> changes = new ArrayList<>();
        for (String componentId : componentIds) {
            Component component = components.get(componentId);
            List<PagerDutyIncident> open = openByComponent.getOrDefault(componentId, List.of());
            List<Ownership.Managed> managed = managedByComponent.getOrDefault(componentId, List.of());
            if (component == null) {
                for (PagerDutyIncident incident : open) {
                    findings.add(new Finding(
                            Finding.Kind.UNKNOWN_COMPONENT,
                            describe(incident) + " names component " + componentId
                                    + ", which is not on the status page; skipped"));
                }
            } else if (component.group() && managed.isEmpty()) {
                for (PagerDutyIncident incident : open) {
                    findings.add(new Finding(
                            Finding.Kind.COMPONENT_GROUP,
                            describe(incident) + " names "
                                    + componentId + " (" + component.name()
                                    + "), a component group; tag the components inside it instead"));
                }
                continue;
            }
            if (managed.isEmpty()) {
                if (component != null) {
                    changes.add(openOrWait(component, open, heldByOthers.get(componentId), template));
                }
                continue;
            }
            boolean restore = component != null && !heldByOthers.containsKey(componentId);
            changes.addAll(existing(componentId, component, open, managed, restore, findings, template));
        }
        changes.sort(Comparator.comparing(PlannedChange::componentName, String.CASE_INSENSITIVE_ORDER)
                .thenComparing(PlannedChange::componentId)
                .thenComparing(change -> change.action().ordinal()));
        return new Plan(changes, findings);
    }

    /**
     * A read that came back but cannot be true. Statuspage has answered an empty component list while
     * pagerstatus notices were open; acting on it would resolve those notices without restoring their
     * components, and no later pass could repair them, so it is treated as a failed read.
     */
    public static Optional<String> contradiction(Observation observation) {
        if (!observation.components().isEmpty()) {
            return Optional.empty();
        }
        long managed = observation.statuspageIncidents().stream()
                .filter(incident -> Ownership.of(incident) instanceof Ownership.Managed)
                .count();
        return managed == 0
                ? Optional.empty()
                : Optional.of("the page listed no components while " + managed + " pagerstatus notice"
                        + (managed == 1 ? " is" : "s are") + " open on it; a page does not lose every component at"
                        + " once, so the read is treated as failed and nothing is written");
    }

    private static PlannedChange openOrWait(
            Component component, List<PagerDutyIncident> open, String othersIncident, IncidentTemplate template) {
        List<PagerDutyIncident> acknowledged = open.stream()
                .filter(incident -> incident.status() == IncidentStatus.ACKNOWLEDGED)
                .toList();
        if (othersIncident != null) {
            // Someone already wrote about this component; a second notice beside theirs reads as a duplicate.
            return new PlannedChange(
                    Action.WAIT,
                    component.id(),
                    component.name(),
                    false,
                    "Statuspage incident " + othersIncident + ", not opened by pagerstatus, already covers it ("
                            + labels(open) + " open)",
                    open,
                    null,
                    null);
        }
        if (!acknowledged.isEmpty()) {
            return new PlannedChange(
                    Action.OPEN,
                    component.id(),
                    component.name(),
                    false,
                    "acknowledged in PagerDuty (" + labels(acknowledged) + ")",
                    open,
                    null,
                    Writes.open(component, open, template));
        }
        return new PlannedChange(
                Action.WAIT,
                component.id(),
                component.name(),
                false,
                "triggered in PagerDuty (" + labels(open) + "); published once acknowledged",
                open,
                null,
                null);
    }

    private static List<PlannedChange> existing(
            String componentId,
            Component component,
            List<PagerDutyIncident> open,
            List<Ownership.Managed> managed,
            boolean restore,
            List<Finding> findings,
            IncidentTemplate template) {
        String name = component == null ? componentId : component.name();
        List<PlannedChange> changes = new ArrayList<>();
        Ownership.Managed kept = managed.getFirst();
        for (Ownership.Managed duplicate : managed.subList(1, managed.size())) {
            findings.add(new Finding(
                    Finding.Kind.DUPLICATE_INCIDENT,
                    "component " + componentId + " (" + name
                            + ") has " + managed.size() + " open pagerstatus incidents; keeping the oldest, "
                            + kept.incident().id() + ", and closing "
                            + duplicate.incident().id()));
            changes.add(new PlannedChange(
                    Action.RESOLVE_DUPLICATE,
                    componentId,
                    name,
                    false,
                    "duplicate of the older " + kept.incident().id(),
                    open,
                    duplicate.incident(),
                    Writes.closeDuplicate(duplicate.incident(), name, template)));
        }
        if (open.isEmpty()) {
            String reason = "no open PagerDuty incident names it";
            if (component == null) {
                reason += "; the component is no longer on the page";
            } else if (!restore) {
                reason += "; another open incident keeps the component's status";
            }
            changes.add(new PlannedChange(
                    Action.RESOLVE,
                    componentId,
                    name,
                    restore,
                    reason,
                    open,
                    kept.incident(),
                    Writes.resolve(kept.incident(), componentId, name, restore, template)));
        } else if (kept.legacy()) {
            changes.add(new PlannedChange(
                    Action.UPDATE,
                    componentId,
                    name,
                    false,
                    "opened by the Python pagerstatus; adopting it (" + labels(open) + " still open)",
                    open,
                    kept.incident(),
                    Writes.record(kept.incident(), componentId, open)));
        } else if (!record(open).equals(kept.recordedPagerDuty())) {
            changes.add(new PlannedChange(
                    Action.UPDATE,
                    componentId,
                    name,
                    false,
                    "still open; recording the PagerDuty incidents behind it (" + labels(open) + ")",
                    open,
                    kept.incident(),
                    Writes.record(kept.incident(), componentId, open)));
        } else {
            changes.add(new PlannedChange(
                    Action.KEEP,
                    componentId,
                    name,
                    false,
                    "still open in PagerDuty (" + labels(open) + ")",
                    open,
                    kept.incident(),
                    null));
        }
        return changes;
    }

    /** The PagerDuty incidents behind a notice, as stored in its metadata: {@code acme/Q1F7K0ZP3XW9LM,...}. */
    public static String record(List<PagerDutyIncident> incidents) {
        List<String> refs = incidents.stream()
                .map(incident -> incident.account() + "/" + incident.id())
                .sorted()
                .distinct()
                .toList();
        if (refs.size() <= MAX_RECORDED) {
            return String.join(",", refs);
        }
        return String.join(",", refs.subList(0, MAX_RECORDED)) + ",+" + (refs.size() - MAX_RECORDED) + " more";
    }

    private static String labels(List<PagerDutyIncident> incidents) {
        return incidents.stream().map(PagerDutyIncident::label).distinct().collect(Collectors.joining(", "));
    }

    private static String describe(PagerDutyIncident incident) {
        return "PagerDuty incident " + incident.label() + " (" + incident.id() + ")";
    }
}
