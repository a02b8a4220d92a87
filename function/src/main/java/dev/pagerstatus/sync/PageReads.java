package dev.pagerstatus.sync;

import dev.pagerstatus.pagerduty.PagerDutyIncident;
import dev.pagerstatus.statuspage.Component;
import dev.pagerstatus.statuspage.ComponentStatus;
import dev.pagerstatus.statuspage.StatuspageIncident;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a pass reads of each page beyond its unresolved incidents, decided from what it has read so far.
 *
 * <p>Every pass reads each page's unresolved incidents: each notice carries its record and its components with
 * their current status, which is all it takes to see that nothing changed. The page's other components are known
 * from the last time this process read them, if it has. What a write depends on is read before it goes out: the
 * maintenances in progress before any write to a page, since a component under maintenance is the page's
 * people's; everything (components, maintenances, recent incidents) before a notice is opened, so that an
 * opening is decided on the page as it is. Everything is read at once when the first round cannot decide: a
 * PagerDuty incident names a component this process does not know, or one only someone else's incident (a
 * person's, a maintenance) covers, or a notice's component is under maintenance or in an unknown state; and at
 * least every {@link #NET_INTERVAL}, as the net for what no notice shows. With
 * notes to PagerDuty on, the recent incidents are read on every pass, for the notes still owed on notices
 * resolved lately.
 */
final class PageReads {
    /**
     * How often a process reads everything even when nothing asks for it: the net for what no notice shows (a
     * component renamed, regrouped or set under maintenance by a person). Every opening reads everything and
     * every write the maintenances, so the net costs three reads a page every ten minutes, under 1% of a key's
     * budget.
     */
    static final Duration NET_INTERVAL = Duration.ofMinutes(10);

    private PageReads() {}

    /**
     * A page as its unresolved incidents show it: the components they carry, as they are now, and the others as
     * this process last read them ({@code known}, empty if it never did), their status unknown.
     */
    static PageState fromUnresolved(
            String pageId,
            List<StatuspageIncident> unresolved,
            List<StatuspageIncident> recent,
            List<Component> known) {
        Map<String, Component> components = new LinkedHashMap<>();
        // What they are stays true; their status may not, and is left unknown: a decision that would write on it
        // reads the page first.
        known.forEach(component -> components.put(
                component.id(),
                new Component(component.id(), component.name(), null, component.group(), component.groupId())));
        unresolved.forEach(
                incident -> incident.components().forEach(component -> components.put(component.id(), component)));
        return new PageState(pageId, List.copyOf(components.values()), unresolved, List.of(), recent);
    }

    /**
     * Why the first round is not enough to decide on: every list of every page is then read. Empty when it is.
     */
    static Optional<String> everythingWanted(
            List<PagerDutyIncident> open, List<PageState> pages, Set<String> accounts) {
        for (PageState page : pages) {
            Set<String> shown = new TreeSet<>();
            page.unresolved().forEach(incident -> shown.addAll(incident.componentIds()));
            for (StatuspageIncident incident : page.unresolved()) {
                if (Ownership.of(incident, accounts) instanceof Ownership.Managed managed
                        && !shown.contains(managed.componentId())) {
                    return Optional.of("notice " + incident.id() + " does not show its component");
                }
            }
            for (Component component : page.components()) {
                if (shown.contains(component.id())
                        && (component.status() == null || component.status() == ComponentStatus.UNDER_MAINTENANCE)) {
                    return Optional.of("component " + component.id() + " is under maintenance or in an unknown state");
                }
            }
        }
        for (PagerDutyIncident incident : open) {
            if (!incident.status().isOpen()) {
                continue;
            }
            for (String tagged : incident.componentIds()) {
                if (!known(tagged, pages)) {
                    return Optional.of("PagerDuty incident " + incident.ref() + " names " + tagged + ", not known yet");
                }
                if (onlyOthersCover(tagged, pages, accounts)) {
                    // Whose it is (a person's incident, a maintenance) decides what happens there.
                    return Optional.of("PagerDuty incident " + incident.ref() + " names " + tagged
                            + ", which only an incident pagerstatus did not write covers");
                }
            }
        }
        return Optional.empty();
    }

    private static boolean onlyOthersCover(String tagged, List<PageState> pages, Set<String> accounts) {
        String componentId = tagged.substring(tagged.indexOf('/') + 1);
        boolean ours = false;
        boolean others = false;
        for (PageState page : pages) {
            for (StatuspageIncident incident : page.unresolved()) {
                if (incident.componentIds().contains(componentId)) {
                    boolean managed = Ownership.of(incident, accounts) instanceof Ownership.Managed;
                    ours |= managed;
                    others |= !managed;
                }
            }
        }
        return others && !ours;
    }

    private static boolean known(String tagged, List<PageState> pages) {
        int slash = tagged.indexOf('/');
        String pageId = slash < 0 ? null : tagged.substring(0, slash);
        String componentId = tagged.substring(slash + 1);
        return pages.stream()
                .filter(page -> pageId == null || page.id().equals(pageId))
                .anyMatch(page -> page.components().stream().anyMatch(c -> c.id().equals(componentId)));
    }

    /**
     * The hinted incidents ({@code <account>/<id>}) with a public note this pass read but could place on no
     * notice, nor hold: the notice it belongs on did not exist yet when the pass read the page (it opens in this
     * pass, or once the incident is acknowledged). A later pass reads their notes again.
     */
    static Set<String> notesToReadAgain(Observation observation, Plan plan) {
        Set<String> recorded = new TreeSet<>();
        observation
                .pages()
                .forEach(page -> page.unresolved().forEach(incident -> {
                    if (observation.ownership(incident) instanceof Ownership.Managed managed) {
                        recorded.addAll(managed.record().notes());
                    }
                }));
        Set<String> placed = new TreeSet<>();
        plan.changes().stream()
                .filter(change -> change.action() == Action.POST_NOTE)
                .forEach(change -> change.pagerDutyIncidents().forEach(incident -> placed.add(incident.ref())));
        plan.findings().stream()
                .filter(finding -> finding.kind() == Finding.Kind.HELD_PUBLIC_NOTE && finding.incident() != null)
                .forEach(finding -> placed.add(finding.incident()));
        Set<String> again = new TreeSet<>();
        observation.notes().forEach((ref, notes) -> {
            boolean unplaced = notes.stream()
                    .anyMatch(note -> note.isPublic() && !note.publicText().isEmpty() && !recorded.contains(note.id()));
            if (unplaced && !placed.contains(ref)) {
                again.add(ref);
            }
        });
        return again;
    }

    /** Whether the plan opens a notice: it is then made again on everything, read first. */
    static boolean opensANotice(Plan plan) {
        return plan.writes().stream().anyMatch(change -> change.write() instanceof StatuspageWrite.Create);
    }

    /** The pages a plan writes to: their maintenances in progress are read, and the plan made again, first. */
    static Set<String> maintenancesWanted(Plan plan) {
        Set<String> pages = new TreeSet<>();
        plan.writes().forEach(change -> pages.add(change.page()));
        return pages;
    }

    /** Whether the net is due: everything read at least every {@link #NET_INTERVAL}. */
    static boolean netDue(Instant lastEverything, Instant now) {
        if (lastEverything != null) {
            return !lastEverything.plus(NET_INTERVAL).isAfter(now);
        }
        // A process that has not read everything yet, such as a cron sync's: the first minute of every ten.
        return now.getEpochSecond() / 60 % NET_INTERVAL.toMinutes() == 0;
    }

    /**
     * For the command line's passes, which no webhook names notes for: the incidents behind an open pagerstatus
     * notice whose notes were not read yet.
     */
    static Set<String> notesBehindOpenNotices(Observation observation) {
        Set<String> behind = new TreeSet<>();
        Set<String> open = new TreeSet<>();
        observation.pagerDutyIncidents().forEach(incident -> open.add(incident.ref()));
        for (PageState page : observation.pages()) {
            for (StatuspageIncident incident : page.unresolved()) {
                if (observation.ownership(incident) instanceof Ownership.Managed managed) {
                    managed.record().pagerDutyRefs().stream()
                            .filter(open::contains)
                            .forEach(behind::add);
                }
            }
        }
        behind.removeAll(observation.notes().keySet());
        return behind;
    }

    /** The open notices that any of {@code refs} is behind: their writes wait for those incidents' notes. */
    static Set<String> noticesBehind(Observation observation, Set<String> refs) {
        Set<String> notices = new TreeSet<>();
        for (PageState page : observation.pages()) {
            for (StatuspageIncident incident : page.unresolved()) {
                if (observation.ownership(incident) instanceof Ownership.Managed managed
                        && managed.record().pagerDutyRefs().stream().anyMatch(refs::contains)) {
                    notices.add(incident.id());
                }
            }
        }
        return notices;
    }

    /** Whether {@code change} is on a notice whose writes wait for its incidents' notes ({@code held}). */
    static boolean waitsForNotes(PlannedChange change, Set<String> held) {
        return change.statuspageIncidentId() != null && held.contains(change.statuspageIncidentId());
    }

    /** When the first of {@code refs} triggered; null when any one's start is unknown. */
    static Instant earliest(Set<String> refs, Map<String, Instant> triggered) {
        Instant earliest = null;
        for (String ref : refs) {
            Instant at = triggered.get(ref);
            if (at == null) {
                return null;
            }
            earliest = earliest == null || at.isBefore(earliest) ? at : earliest;
        }
        return earliest;
    }
}
