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
 * their current status, which is all it takes to see that nothing changed. A pass that will write to a notice
 * reads the maintenances in progress first, since a component under maintenance is the page's people's. The
 * components and the recent incidents are read when only they can decide: a PagerDuty incident names a component
 * no open notice shows (a notice to open, a tag to check, or a notice a person resolved), a notice's component is
 * under maintenance or unknown, or the net is due ({@link #NET_INTERVAL}). With notes to PagerDuty on, the recent
 * incidents are read on every pass, for the notes still owed on notices resolved lately.
 */
final class PageReads {
    /**
     * How often a process reads everything even when nothing asks for it: the net for what no notice shows (a
     * component renamed or regrouped, a maintenance whose component kept its status). A write reads what it
     * depends on anyway, so the net costs three reads per page every ten minutes, under 1% of a key's budget.
     */
    static final Duration NET_INTERVAL = Duration.ofMinutes(10);

    private PageReads() {}

    /** A page as its unresolved incidents show it: the components they carry, nothing else read yet. */
    static PageState fromUnresolved(
            String pageId, List<StatuspageIncident> unresolved, List<StatuspageIncident> recent) {
        Map<String, Component> components = new LinkedHashMap<>();
        unresolved.forEach(incident ->
                incident.components().forEach(component -> components.putIfAbsent(component.id(), component)));
        return new PageState(pageId, List.copyOf(components.values()), unresolved, List.of(), recent);
    }

    /**
     * Why the unresolved incidents are not enough to decide on: every list of every page is then read. Empty when
     * they are.
     */
    static Optional<String> everythingWanted(List<PagerDutyIncident> open, List<PageState> pages) {
        for (PageState page : pages) {
            Set<String> shown = new TreeSet<>();
            page.components().forEach(component -> shown.add(component.id()));
            for (StatuspageIncident incident : page.unresolved()) {
                if (Ownership.of(incident) instanceof Ownership.Managed managed
                        && !shown.contains(managed.componentId())) {
                    return Optional.of("notice " + incident.id() + " does not show its component");
                }
            }
            for (Component component : page.components()) {
                if (component.status() == null || component.status() == ComponentStatus.UNDER_MAINTENANCE) {
                    return Optional.of("component " + component.id() + " is under maintenance or in an unknown state");
                }
            }
        }
        for (PagerDutyIncident incident : open) {
            if (!incident.status().isOpen()) {
                continue;
            }
            for (String tagged : incident.componentIds()) {
                if (!coveredByANotice(tagged, pages)) {
                    return Optional.of("PagerDuty incident " + incident.ref() + " names " + tagged
                            + ", which no open pagerstatus notice covers");
                }
            }
        }
        return Optional.empty();
    }

    private static boolean coveredByANotice(String tagged, List<PageState> pages) {
        int slash = tagged.indexOf('/');
        String pageId = slash < 0 ? null : tagged.substring(0, slash);
        String componentId = tagged.substring(slash + 1);
        return pages.stream()
                .filter(page -> pageId == null || page.id().equals(pageId))
                .flatMap(page -> page.unresolved().stream())
                .anyMatch(incident -> Ownership.of(incident) instanceof Ownership.Managed managed
                        && managed.componentId().equals(componentId));
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
}
