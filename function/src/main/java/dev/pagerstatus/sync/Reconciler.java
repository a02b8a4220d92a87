package dev.pagerstatus.sync;

import static dev.pagerstatus.sync.Describe.labels;
import static dev.pagerstatus.sync.Describe.time;

import dev.pagerstatus.pagerduty.IncidentStatus;
import dev.pagerstatus.pagerduty.PagerDutyIncident;
import dev.pagerstatus.pagerduty.PagerDutyNote;
import dev.pagerstatus.policy.ComponentPolicy;
import dev.pagerstatus.policy.Durations;
import dev.pagerstatus.policy.LeakGuard;
import dev.pagerstatus.policy.Policy;
import dev.pagerstatus.policy.Severity;
import dev.pagerstatus.statuspage.Component;
import dev.pagerstatus.statuspage.ComponentStatus;
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

/**
 * The rules, as one pure function from what was read, the policy and the time to what to do.
 * <ul>
 *   <li>What must be on the page is the union over every account: a component is affected while any account
 *       has an open incident naming it whose severity is not {@code none}.</li>
 *   <li>An incident reaches the page by the policy's {@code publish.after}: once acknowledged (the default, which
 *       keeps flapping monitors off a public page), at once, or once it has been open for a while.</li>
 *   <li>A component shows the worst severity over its published incidents. While it changes, the open notice
 *       escalates or improves, status and words in one update.</li>
 *   <li>An open notice stays open while any incident on its component is open, so an un-acknowledge does not
 *       make it flap. When none is, it resolves, or first recovers through {@code monitoring} for
 *       {@code publish.resolve_after}; an incident opening again meanwhile sends the same notice back to
 *       investigating.</li>
 *   <li>A responder's note that starts with {@code #public } is posted once on the notices its incident is
 *       behind, unless the leak guard finds something internal in it.</li>
 *   <li>One notice per component: of several, the oldest stays and the others are closed quietly.</li>
 *   <li>A tag routes to the page its component is on ({@link PageRouting}); one that names a component on no
 *       page, on two, or a group, is reported and skipped. Every other rule holds on each page alone.</li>
 *   <li>Incidents without pagerstatus's marker are never modified; while one covers a component, pagerstatus
 *       opens no second notice beside it, and resolving its own leaves that component's status alone.</li>
 *   <li>A notice a person has changed is theirs ({@link Handover}): nothing more is written to it, and once
 *       PagerDuty has resolved everything behind it, it is reported, or resolved after
 *       {@code people.resolve_after}. A notice a person resolved is not opened again for the same incidents.</li>
 *   <li>A component under maintenance (attached to one in progress, or with that status) gets no new notice and
 *       no status change; a notice open on it is kept as it is until the maintenance ends.</li>
 * </ul>
 */
public final class Reconciler {
    private static final Comparator<PagerDutyIncident> BY_ACCOUNT_AND_NUMBER = Comparator.comparing(
                    PagerDutyIncident::account)
            .thenComparingInt(PagerDutyIncident::number)
            .thenComparing(PagerDutyIncident::id);
    private static final Comparator<Ownership.Managed> OLDEST_FIRST = Comparator.comparing(
                    (Ownership.Managed managed) -> managed.incident().createdAt(),
                    Comparator.nullsLast(Comparator.<Instant>naturalOrder()))
            .thenComparing(managed -> managed.incident().id());
    /** What public text calls a component whose name is known nowhere. */
    static final String UNNAMED_COMPONENT = "the affected service";

    private Reconciler() {}

    public static Plan plan(Observation observation, Policy policy) {
        PageRouting.Routed routed = PageRouting.route(observation.pagerDutyIncidents(), observation.pages());
        List<Finding> findings = new ArrayList<>(routed.findings());
        List<PlannedChange> changes = new ArrayList<>();
        Set<String> resolutionsWanted = new TreeSet<>();
        for (PageState page : observation.pages()) {
            new PagePlan(page, routed.byPage().get(page.id()), observation, policy, resolutionsWanted)
                    .plan(changes, findings);
        }
        List<String> pageOrder = observation.pages().stream().map(PageState::id).toList();
        changes.sort(Comparator.comparingInt((PlannedChange change) -> pageOrder.indexOf(change.page()))
                .thenComparing(PlannedChange::componentName, String.CASE_INSENSITIVE_ORDER)
                .thenComparing(PlannedChange::componentId)
                .thenComparing(change -> change.action().sendOrder()));
        return new Plan(PublishedText.checked(changes, findings), findings, List.copyOf(resolutionsWanted));
    }

    /** A component under maintenance: the maintenance's name and planned end, null when only its status says so. */
    record Maintenance(String name, Instant until) {
        String describe() {
            if (name == null) {
                return "under maintenance (its status is under_maintenance)";
            }
            return "under maintenance ('" + name + "'" + (until == null ? "" : ", until " + time(until)) + ")";
        }
    }

    /** The rules on one page, for the incidents routed to it. */
    private static final class PagePlan {
        private final PageState page;
        private final List<PagerDutyIncident> incidents;
        private final Observation observation;
        private final Policy policy;
        private final Set<String> resolutionsWanted;

        PagePlan(
                PageState page,
                List<PagerDutyIncident> incidents,
                Observation observation,
                Policy policy,
                Set<String> resolutionsWanted) {
            this.page = page;
            this.incidents = incidents;
            this.observation = observation;
            this.policy = policy;
            this.resolutionsWanted = resolutionsWanted;
        }

        void plan(List<PlannedChange> allChanges, List<Finding> allFindings) {
            List<Finding> findings = new ArrayList<>();
            List<PlannedChange> changes = new ArrayList<>();
            Map<String, Component> components = new HashMap<>();
            page.components().forEach(component -> components.put(component.id(), component));

            Map<String, List<PagerDutyIncident>> openByComponent = new TreeMap<>();
            for (PagerDutyIncident incident : incidents) {
                for (String componentId : incident.componentIds()) {
                    openByComponent
                            .computeIfAbsent(componentId, id -> new ArrayList<>())
                            .add(incident);
                }
            }
            openByComponent.values().forEach(list -> list.sort(BY_ACCOUNT_AND_NUMBER));

            Map<String, List<Ownership.Managed>> managedByComponent = new TreeMap<>();
            Map<String, String> heldByOthers = new TreeMap<>();
            for (StatuspageIncident incident : page.unresolved()) {
                switch (observation.ownership(incident)) {
                    case Ownership.Managed managed ->
                        managedByComponent
                                .computeIfAbsent(managed.componentId(), id -> new ArrayList<>())
                                .add(managed);
                    case Ownership.Unusable unusable ->
                        findings.add(new Finding(
                                Finding.Kind.UNUSABLE_INCIDENT,
                                "Statuspage incident " + incident.id() + " is marked as pagerstatus's but "
                                        + unusable.reason() + "; it is left alone"));
                    case Ownership.NotOurs notOurs -> {
                        incident.componentIds().forEach(id -> heldByOthers.putIfAbsent(id, incident.id()));
                        if (notOurs.reason() != null) {
                            findings.add(new Finding(
                                    Finding.Kind.FOREIGN_RECORD,
                                    "Statuspage incident " + incident.id() + " carries a pagerstatus record that"
                                            + " pagerstatus did not write here: " + notOurs.reason()
                                            + "; it is treated as a person's and left alone"));
                        }
                    }
                }
            }
            managedByComponent.values().forEach(list -> list.sort(OLDEST_FIRST));
            Map<String, Maintenance> maintenance = maintenance(components);
            Map<String, List<ResolvedByPerson>> resolvedByPeople = resolvedByPeople();

            Set<String> componentIds = new TreeSet<>(openByComponent.keySet());
            componentIds.addAll(managedByComponent.keySet());
            for (String componentId : componentIds) {
                Component component = components.get(componentId);
                List<PagerDutyIncident> open = openByComponent.getOrDefault(componentId, List.of());
                List<Ownership.Managed> managed = managedByComponent.getOrDefault(componentId, List.of());
                if (component != null && component.group() && managed.isEmpty()) {
                    for (PagerDutyIncident incident : open) {
                        findings.add(new Finding(
                                Finding.Kind.COMPONENT_GROUP,
                                describe(incident) + " names " + componentId + " (" + component.name()
                                        + "), a component group; tag the components inside it instead",
                                null,
                                incident.ref()));
                    }
                    continue;
                }
                if (managed.isEmpty()) {
                    if (component != null) {
                        changes.add(opening(
                                component,
                                open,
                                maintenance.get(componentId),
                                resolvedByPeople.getOrDefault(componentId, List.of()),
                                heldByOthers.get(componentId)));
                    }
                    continue;
                }
                Target target = new Target(
                        page.id(),
                        componentId,
                        nameOf(componentId, component, managed),
                        component,
                        component != null
                                && !heldByOthers.containsKey(componentId)
                                && component.status() != ComponentStatus.UNDER_MAINTENANCE);
                ComponentPolicy rules =
                        component == null ? policy.base() : policy.forComponent(component.id(), component.groupId());
                Situation situation = Situation.of(open, rules, observation.now());
                warnOfAnotherPolicy(target, managed, rules, findings);
                changes.addAll(existing(target, situation, managed, maintenance.get(componentId), findings));
            }
            findings.forEach(finding -> allFindings.add(finding.onPage(page.id())));
            allChanges.addAll(changes);
        }

        /**
         * Notices last written under a policy other than this one: two deployments with different settings on
         * one page would undo each other's words and timing, and a plan made here would not show what the other
         * publishes.
         */
        private void warnOfAnotherPolicy(
                Target target, List<Ownership.Managed> managed, ComponentPolicy rules, List<Finding> findings) {
            String digest = Writes.policyDigest(rules);
            for (Ownership.Managed notice : managed) {
                String written = notice.incident()
                        .metadata()
                        .path(NoticeRecord.KEY)
                        .path(NoticeRecord.POLICY)
                        .textValue();
                if (written != null && !written.equals(digest)) {
                    findings.add(new Finding(
                            Finding.Kind.OTHER_POLICY,
                            "notice " + notice.incident().id() + " on " + target.name() + " was last written under"
                                    + " another policy than " + policy.source() + ": another deployment with other"
                                    + " settings may keep this page, or the policy changed since (its next update"
                                    + " follows this one)"));
                }
            }
        }

        /**
         * The component's name as the page shows it. One no longer on the page keeps the name its notice lists;
         * its bare id means nothing to a customer.
         */
        private static String nameOf(String componentId, Component component, List<Ownership.Managed> managed) {
            if (component != null) {
                return component.name();
            }
            return managed.stream()
                    .flatMap(notice -> notice.incident().components().stream())
                    .filter(listed -> listed.id().equals(componentId)
                            && listed.name() != null
                            && !listed.name().isBlank())
                    .map(Component::name)
                    .findFirst()
                    .orElse(UNNAMED_COMPONENT);
        }

        /** The components a maintenance in progress is attached to, and those whose status says maintenance. */
        private Map<String, Maintenance> maintenance(Map<String, Component> components) {
            Map<String, Maintenance> maintenance = new TreeMap<>();
            for (StatuspageIncident window : page.maintenances()) {
                for (String componentId : window.componentIds()) {
                    maintenance.putIfAbsent(componentId, new Maintenance(window.name(), window.scheduledUntil()));
                }
            }
            components.values().stream()
                    .filter(component -> component.status() == ComponentStatus.UNDER_MAINTENANCE)
                    .forEach(component -> maintenance.putIfAbsent(component.id(), new Maintenance(null, null)));
            return maintenance;
        }

        /** A pagerstatus notice a person resolved, and the PagerDuty incidents it was about. */
        private record ResolvedByPerson(StatuspageIncident notice, Instant at, Set<String> pagerDuty) {}

        private Map<String, List<ResolvedByPerson>> resolvedByPeople() {
            Map<String, List<ResolvedByPerson>> resolved = new TreeMap<>();
            for (StatuspageIncident incident : page.recent()) {
                if (observation.ownership(incident) instanceof Ownership.Managed managed) {
                    Handover.resolvedByPerson(incident, managed.record())
                            .ifPresent(at -> resolved.computeIfAbsent(managed.componentId(), id -> new ArrayList<>())
                                    .add(new ResolvedByPerson(
                                            incident,
                                            at,
                                            Set.copyOf(managed.record().pagerDutyRefs()))));
                }
            }
            return resolved;
        }

        private PlannedChange opening(
                Component component,
                List<PagerDutyIncident> open,
                Maintenance maintenance,
                List<ResolvedByPerson> resolvedByPeople,
                String othersIncident) {
            ComponentPolicy rules = policy.forComponent(component.id(), component.groupId());
            Instant now = observation.now();
            Situation situation = Situation.of(open, rules, now);
            if (situation.relevant().isEmpty()) {
                return openOrWait(page.id(), component, situation, othersIncident);
            }
            if (maintenance != null) {
                boolean ends =
                        maintenance.until() != null && maintenance.until().isAfter(now);
                return new PlannedChange(
                        page.id(),
                        Action.WAIT,
                        component.id(),
                        component.name(),
                        null,
                        null,
                        maintenance.describe() + "; no notice and no status change while it lasts; opens after it"
                                + " if PagerDuty is still open (" + labels(situation.relevant()) + ")",
                        ends ? maintenance.until() : null,
                        ends ? "the maintenance ends" : null,
                        situation.open(),
                        null,
                        null);
            }
            Set<String> covered = new TreeSet<>();
            resolvedByPeople.forEach(resolved -> covered.addAll(resolved.pagerDuty()));
            List<PagerDutyIncident> fresh = open.stream()
                    .filter(incident -> !covered.contains(incident.ref()))
                    .toList();
            Situation freshSituation = Situation.of(fresh, rules, now);
            if (fresh.size() < open.size() && freshSituation.relevant().isEmpty()) {
                ResolvedByPerson latest = resolvedByPeople.stream()
                        .max(Comparator.comparing(
                                ResolvedByPerson::at, Comparator.nullsFirst(Comparator.naturalOrder())))
                        .orElseThrow();
                List<PagerDutyIncident> behind = open.stream()
                        .filter(incident -> covered.contains(incident.ref()))
                        .toList();
                return new PlannedChange(
                        page.id(),
                        Action.WAIT,
                        component.id(),
                        component.name(),
                        null,
                        null,
                        "a person resolved its notice " + latest.notice().id()
                                + (latest.at() == null ? "" : " at " + time(latest.at())) + " while " + labels(behind)
                                + " stayed open; it stays resolved, and only a PagerDuty incident not behind it"
                                + " opens a new one",
                        null,
                        null,
                        situation.open(),
                        null,
                        null);
            }
            return openOrWait(page.id(), component, freshSituation, othersIncident);
        }

        /**
         * A component's pagerstatus notices: the oldest is kept and the others closed as duplicates; the kept one
         * is left to a person who took it over, held through a maintenance, recovered, or kept in step.
         */
        private List<PlannedChange> existing(
                Target target,
                Situation situation,
                List<Ownership.Managed> managed,
                Maintenance maintenance,
                List<Finding> findings) {
            List<PlannedChange> changes = new ArrayList<>(duplicates(target, situation, managed, findings));
            Ownership.Managed kept = managed.getFirst();
            StatuspageIncident notice = kept.incident();
            Optional<Handover> handover = Handover.of(notice, kept.record());
            if (handover.isPresent()) {
                changes.addAll(handedOver(target, situation, kept, handover.get(), findings));
                return changes;
            }
            // Once none is open, the record keeps the incidents that were behind it: they are told it resolved.
            NoticeRecord record = situation.open().isEmpty()
                    ? kept.record().adopting(notice)
                    : kept.record().adopting(notice).withPagerDuty(NoticeRecord.refsOf(situation.open()));
            if (maintenance != null) {
                PlannedChange main = duringMaintenance(target, situation, notice, maintenance);
                changes.add(main);
                changes.addAll(publicNotes(target, situation, notice, main, kept.record(), findings, false));
                return changes;
            }
            if (situation.relevant().isEmpty()) {
                changes.add(recovered(target, situation, kept, record));
                return changes;
            }
            PlannedChange main = inStep(target, situation, kept, record);
            changes.add(main);
            changes.addAll(publicNotes(target, situation, notice, main, record, findings, false));
            return changes;
        }

        /** Every notice but the oldest is closed quietly, unless a person has changed it. */
        private List<PlannedChange> duplicates(
                Target target, Situation situation, List<Ownership.Managed> managed, List<Finding> findings) {
            List<PlannedChange> changes = new ArrayList<>();
            Ownership.Managed kept = managed.getFirst();
            for (Ownership.Managed duplicate : managed.subList(1, managed.size())) {
                if (Handover.of(duplicate.incident(), duplicate.record()).isPresent()) {
                    findings.add(new Finding(
                            Finding.Kind.DUPLICATE_INCIDENT,
                            "component " + target.id() + " (" + target.name() + ") has " + managed.size()
                                    + " open pagerstatus incidents; "
                                    + duplicate.incident().id()
                                    + " is not closed as a duplicate of "
                                    + kept.incident().id()
                                    + " because a person has changed it"));
                    continue;
                }
                findings.add(new Finding(
                        Finding.Kind.DUPLICATE_INCIDENT,
                        "component " + target.id() + " (" + target.name() + ") has " + managed.size()
                                + " open pagerstatus incidents; keeping the oldest, "
                                + kept.incident().id()
                                + ", and closing " + duplicate.incident().id()));
                changes.add(change(
                        Action.RESOLVE_DUPLICATE,
                        target,
                        situation,
                        "duplicate of the older " + kept.incident().id(),
                        duplicate.incident(),
                        Writes.closeDuplicate(
                                duplicate.incident(),
                                duplicate.record(),
                                kept.incident().id(),
                                target,
                                situation)));
            }
            return changes;
        }

        /** A maintenance owns the component: no status writes until it ends (public notes still go). */
        private PlannedChange duringMaintenance(
                Target target, Situation situation, StatuspageIncident notice, Maintenance maintenance) {
            boolean ends = maintenance.until() != null && maintenance.until().isAfter(observation.now());
            return changeDue(
                    Action.KEEP,
                    target,
                    situation,
                    maintenance.describe() + "; kept as it is, with no status writes, until the maintenance ends",
                    notice,
                    null,
                    ends ? maintenance.until() : null,
                    ends ? "the maintenance ends" : null);
        }

        /** No incident that matters is open: resolve, or monitor first as the policy says, or wait out monitoring. */
        private PlannedChange recovered(
                Target target, Situation situation, Ownership.Managed kept, NoticeRecord record) {
            StatuspageIncident notice = kept.incident();
            Instant now = observation.now();
            String reason = "no open PagerDuty incident names it"
                    + (situation.ignoredReason() == null ? "" : " but " + situation.ignoredReason());
            if (target.component() == null) {
                reason += "; the component is no longer on the page";
            } else if (!target.restore()) {
                reason += "; another open incident keeps the component's status";
            }
            if (monitoring(kept)) {
                Instant end =
                        kept.record().monitoringSince().plus(situation.policy().resolveAfter());
                if (!now.isBefore(end)) {
                    return change(
                            Action.RESOLVE,
                            target,
                            situation,
                            "monitored since " + time(kept.record().monitoringSince()) + " with nothing reopened",
                            notice,
                            Writes.resolve(notice, target, situation, record));
                }
                return changeDue(
                        Action.KEEP,
                        target,
                        situation,
                        "monitoring; " + reason,
                        notice,
                        null,
                        end,
                        "resolves at " + time(end) + " unless it relapses");
            }
            if (situation.policy().resolveAfter().isPositive()) {
                Instant end = now.plus(situation.policy().resolveAfter());
                return changeDue(
                        Action.MONITOR,
                        target,
                        situation,
                        reason + "; monitoring first",
                        notice,
                        Writes.monitor(notice, target, situation, record.monitoring(now)),
                        end,
                        "resolves at " + time(end) + " unless it relapses");
            }
            return change(
                    Action.RESOLVE,
                    target,
                    situation,
                    reason,
                    notice,
                    Writes.resolve(notice, target, situation, record));
        }

        private static boolean monitoring(Ownership.Managed kept) {
            return kept.incident().status().equals("monitoring")
                    && kept.record().monitoringSince() != null;
        }

        /**
         * Incidents that matter are open: the notice follows their worst status (escalate, improve, or relapse
         * out of monitoring), adopts a Python notice, records who is behind it, or keeps still.
         */
        private PlannedChange inStep(Target target, Situation situation, Ownership.Managed kept, NoticeRecord record) {
            StatuspageIncident notice = kept.incident();
            Severity current = Optional.ofNullable(kept.record().status())
                    .flatMap(Severity::of)
                    .or(() -> Optional.ofNullable(target.component())
                            .map(Component::status)
                            .flatMap(Severity::of)
                            .filter(severity -> severity != Severity.NONE))
                    .orElse(null);
            Severity worst = situation.worst();
            if (worst == null) {
                String reason = monitoring(kept)
                        ? "monitoring; not resolved while " + labels(situation.relevant()) + " is open"
                        : "still open in PagerDuty (" + labels(situation.relevant()) + ")";
                return changeDue(
                        Action.KEEP,
                        target,
                        situation,
                        reason + "; " + situation.waitingReason(),
                        notice,
                        null,
                        situation.publishDue(),
                        situation.publishDue() == null ? null : "publishes unless resolved first");
            }
            if (monitoring(kept)) {
                return change(
                        Action.RELAPSE,
                        target,
                        situation,
                        "opened again while monitoring (" + labels(situation.published()) + ")",
                        notice,
                        Writes.relapse(
                                notice,
                                target,
                                situation,
                                record.notMonitoring().withStatus(worst.componentStatus())));
            }
            if (current != null && worst.isWorseThan(current)) {
                return change(
                        Action.ESCALATE,
                        target,
                        situation,
                        "worse: " + current.label() + " → " + worst.label(),
                        notice,
                        Writes.escalate(notice, target, situation, record.withStatus(worst.componentStatus())));
            }
            if (current != null && current.isWorseThan(worst)) {
                return change(
                        Action.IMPROVE,
                        target,
                        situation,
                        "better: " + current.label() + " → " + worst.label(),
                        notice,
                        Writes.improve(notice, target, situation, record.withStatus(worst.componentStatus())));
            }
            return keptOrRecorded(target, situation, kept, record, worst);
        }

        /** The status is right: adopt a Python notice, record a changed set of incidents, or keep still. */
        private PlannedChange keptOrRecorded(
                Target target, Situation situation, Ownership.Managed kept, NoticeRecord record, Severity worst) {
            StatuspageIncident notice = kept.incident();
            if (kept.legacy()) {
                return change(
                        Action.UPDATE,
                        target,
                        situation,
                        "opened by the Python pagerstatus; adopting it (" + labels(situation.open()) + " still open)",
                        notice,
                        Writes.record(notice, record.withStatus(worst.componentStatus())));
            }
            if (!record.pagerDuty().equals(kept.record().pagerDuty())) {
                return change(
                        Action.UPDATE,
                        target,
                        situation,
                        "still open; recording the PagerDuty incidents behind it (" + labels(situation.open()) + ")",
                        notice,
                        Writes.record(notice, record));
            }
            return changeDue(
                    Action.KEEP,
                    target,
                    situation,
                    "still open in PagerDuty (" + labels(situation.open()) + ")",
                    notice,
                    null,
                    situation.publishDue(),
                    situation.publishDue() == null ? null : "publishes unless resolved first");
        }

        /**
         * A notice a person took over: pagerstatus writes nothing more to it. Once PagerDuty has resolved every
         * incident behind it, it is reported (and resolved after {@code people.resolve_after}, if the policy says
         * so); when PagerDuty resolved is read from the incidents themselves, which the plan asks for.
         */
        private List<PlannedChange> handedOver(
                Target target, Situation situation, Ownership.Managed kept, Handover handover, List<Finding> findings) {
            StatuspageIncident notice = kept.incident();
            String who = "handed over to a person" + (handover.at() == null ? "" : " at " + time(handover.at())) + " ("
                    + handover.what() + ")";
            if (!situation.open().isEmpty()) {
                PlannedChange keep = asThePersonLeftIt(
                        change(
                                Action.KEEP,
                                target,
                                situation,
                                who + "; pagerstatus writes nothing more to it (" + labels(situation.open()) + " open)",
                                notice,
                                null),
                        target);
                List<PlannedChange> changes = new ArrayList<>(List.of(keep));
                changes.addAll(publicNotes(target, situation, notice, keep, kept.record(), findings, true));
                return changes;
            }
            List<String> refs = kept.record().pagerDutyRefs();
            List<String> unknown = refs.stream()
                    .filter(ref -> !observation.resolvedAt().containsKey(ref))
                    .toList();
            resolutionsWanted.addAll(unknown);
            Instant resolved = refs.isEmpty() || !unknown.isEmpty()
                    ? null
                    : refs.stream()
                            .map(observation.resolvedAt()::get)
                            .max(Instant::compareTo)
                            .orElseThrow();
            String pagerDuty = resolved == null ? "PagerDuty resolved" : "PagerDuty resolved at " + time(resolved);
            Optional<java.time.Duration> after = policy.peopleResolveAfter();
            if (after.isPresent() && resolved != null) {
                Instant end = resolved.plus(after.get());
                if (!observation.now().isBefore(end)) {
                    return List.of(change(
                            Action.RESOLVE,
                            target,
                            situation,
                            who + "; " + pagerDuty + "; people.resolve_after (" + Durations.format(after.get())
                                    + ") has passed and the person has not resolved it",
                            notice,
                            Writes.resolve(notice, target, situation, kept.record())));
                }
                findings.add(handoverFinding(target, notice, who, pagerDuty, "still open; resolves at " + time(end)));
                return List.of(changeDue(
                        Action.KEEP,
                        target,
                        situation,
                        who + "; " + pagerDuty,
                        notice,
                        null,
                        end,
                        "resolves at " + time(end) + " unless the person does (people.resolve_after)"));
            }
            findings.add(handoverFinding(target, notice, who, pagerDuty, "still open"));
            return List.of(change(
                    Action.KEEP, target, situation, who + "; " + pagerDuty + "; left to the person", notice, null));
        }

        /**
         * A handed-over notice's status is the person's: the plan shows the component as the page does, not as
         * the incidents behind it would set it, since pagerstatus no longer does.
         */
        private static PlannedChange asThePersonLeftIt(PlannedChange keep, Target target) {
            Severity onPage = target.component() == null
                    ? null
                    : Severity.of(target.component().status()).orElse(null);
            return new PlannedChange(
                    keep.page(),
                    keep.action(),
                    keep.componentId(),
                    keep.componentName(),
                    onPage,
                    onPage == null ? null : "as the person left it on the page; pagerstatus no longer sets it",
                    keep.reason(),
                    keep.due(),
                    keep.dueReason(),
                    keep.pagerDutyIncidents(),
                    keep.statuspageIncident(),
                    keep.write());
        }

        private static Finding handoverFinding(
                Target target, StatuspageIncident notice, String who, String pagerDuty, String state) {
            return new Finding(
                    Finding.Kind.HANDED_OVER,
                    "notice " + notice.id() + " for " + target.name() + " (" + target.id() + ") was " + who + "; "
                            + pagerDuty + "; " + state);
        }

        /**
         * Responders' public notes on the incidents behind the notice, each posted once. The record they are
         * remembered in travels from write to write, so a pass that also escalates leaves both on the notice. On a
         * notice a person took over ({@code held}), they are reported instead.
         */
        private List<PlannedChange> publicNotes(
                Target target,
                Situation situation,
                StatuspageIncident notice,
                PlannedChange main,
                NoticeRecord before,
                List<Finding> findings,
                boolean held) {
            List<PlannedChange> posts = new ArrayList<>();
            NoticeRecord record = main.write() == null ? before : Writes.recordAfter(main.write(), before);
            String noticeStatus = Writes.statusAfter(main.write(), notice.status());
            for (PagerDutyIncident incident : situation.open()) {
                List<PagerDutyNote> notes = observation.notes().getOrDefault(incident.ref(), List.of());
                for (PagerDutyNote note : notes) {
                    if (!note.isPublic()
                            || record.notes().contains(note.id())
                            || note.publicText().isEmpty()) {
                        continue;
                    }
                    if (held) {
                        findings.add(new Finding(
                                Finding.Kind.HELD_PUBLIC_NOTE,
                                "public note " + note.id() + " on " + incident.label() + " is not published: a"
                                        + " person has taken notice " + notice.id() + " over",
                                null,
                                incident.ref()));
                        continue;
                    }
                    List<String> problems = LeakGuard.problems(note.publicText());
                    if (!problems.isEmpty()) {
                        findings.add(new Finding(
                                Finding.Kind.HELD_PUBLIC_NOTE,
                                "public note " + note.id() + " on " + incident.label() + " is held, not published:"
                                        + " it names " + String.join(" and ", problems)
                                        + "; add a note without it to publish",
                                null,
                                incident.ref()));
                        continue;
                    }
                    record = record.withNote(note.id());
                    StatuspageWrite write =
                            Writes.publicNote(notice, target, situation, noticeStatus, note.publicText(), record);
                    record = Writes.recordAfter(write, record);
                    posts.add(change(
                            Action.POST_NOTE,
                            target,
                            situation,
                            "public note from " + incident.label() + " (" + note.id() + ")",
                            notice,
                            write));
                }
            }
            return posts;
        }
    }

    /**
     * A read that came back but cannot be true. Statuspage has answered an empty component list while
     * pagerstatus notices were open; acting on it would resolve those notices without restoring their
     * components, and no later pass could repair them, so it is treated as a failed read.
     */
    public static Optional<String> contradiction(Observation observation) {
        for (PageState page : observation.pages()) {
            if (!page.components().isEmpty()) {
                continue;
            }
            long managed = page.unresolved().stream()
                    .filter(incident -> observation.ownership(incident) instanceof Ownership.Managed)
                    .count();
            if (managed > 0) {
                return Optional.of("page " + page.id() + " listed no components while " + managed
                        + " pagerstatus notice" + (managed == 1 ? " is" : "s are")
                        + " open on it; a page does not lose every component at"
                        + " once, so the read is treated as failed and nothing is written");
            }
        }
        return Optional.empty();
    }

    private static PlannedChange openOrWait(
            String page, Component component, Situation situation, String othersIncident) {
        String id = component.id();
        String name = component.name();
        if (situation.relevant().isEmpty()) {
            return new PlannedChange(
                    page,
                    Action.WAIT,
                    id,
                    name,
                    null,
                    null,
                    situation.ignoredReason(),
                    null,
                    null,
                    situation.open(),
                    null,
                    null);
        }
        if (othersIncident != null) {
            // Someone already wrote about this component; a second notice beside theirs reads as a duplicate.
            return new PlannedChange(
                    page,
                    Action.WAIT,
                    id,
                    name,
                    situation.worst(),
                    situation.worstReason(),
                    "Statuspage incident " + othersIncident + ", not opened by pagerstatus, already covers it ("
                            + labels(situation.relevant()) + " open)",
                    null,
                    null,
                    situation.open(),
                    null,
                    null);
        }
        if (situation.worst() != null) {
            String reason = situation.published().stream().allMatch(i -> i.status() == IncidentStatus.ACKNOWLEDGED)
                    ? "acknowledged in PagerDuty (" + labels(situation.published()) + ")"
                    : "published by the policy (" + labels(situation.published()) + ")";
            return new PlannedChange(
                    page,
                    Action.OPEN,
                    id,
                    name,
                    situation.worst(),
                    situation.worstReason(),
                    reason,
                    null,
                    null,
                    situation.open(),
                    null,
                    Writes.open(component, situation, NoticeRecord.refsOf(situation.open())));
        }
        return new PlannedChange(
                page,
                Action.WAIT,
                id,
                name,
                null,
                null,
                situation.waitingReason(),
                situation.publishDue(),
                situation.publishDue() == null ? null : "publishes unless resolved first",
                situation.open(),
                null,
                null);
    }

    private static PlannedChange change(
            Action action,
            Target target,
            Situation situation,
            String reason,
            StatuspageIncident notice,
            StatuspageWrite write) {
        return changeDue(action, target, situation, reason, notice, write, null, null);
    }

    private static PlannedChange changeDue(
            Action action,
            Target target,
            Situation situation,
            String reason,
            StatuspageIncident notice,
            StatuspageWrite write,
            Instant due,
            String dueReason) {
        return new PlannedChange(
                target.page(),
                action,
                target.id(),
                target.name(),
                situation.worst(),
                situation.worstReason(),
                reason,
                due,
                dueReason,
                situation.open(),
                notice,
                write);
    }

    private static String describe(PagerDutyIncident incident) {
        return "PagerDuty incident " + incident.label() + " (" + incident.id() + ")";
    }
}
