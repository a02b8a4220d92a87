package dev.pagerstatus.sync;

import dev.pagerstatus.pagerduty.PagerDutyIncident;
import dev.pagerstatus.statuspage.Component;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which page each tagged component is on. Tags name a component by its id, which routes to the page that has
 * it, so one PagerDuty incident may put notices on several pages; {@code <page id>/<component id>} names the page
 * outright. An id that is on no page, or on two (Statuspage does not promise ids are unique across pages), routes
 * nowhere and is reported, as is a tag that could not be read at all.
 */
final class PageRouting {
    /** The open incidents each page gets, naming only that page's components, and what could not be routed. */
    record Routed(Map<String, List<PagerDutyIncident>> byPage, List<Finding> findings) {}

    private PageRouting() {}

    static Routed route(List<PagerDutyIncident> incidents, List<PageState> pages) {
        Map<String, Set<String>> componentsByPage = new LinkedHashMap<>();
        for (PageState page : pages) {
            Set<String> ids = new LinkedHashSet<>();
            page.components().stream().map(Component::id).forEach(ids::add);
            componentsByPage.put(page.id(), ids);
        }
        Map<String, List<PagerDutyIncident>> byPage = new LinkedHashMap<>();
        pages.forEach(page -> byPage.put(page.id(), new ArrayList<>()));
        List<Finding> findings = new ArrayList<>();
        for (PagerDutyIncident incident : incidents) {
            if (!incident.status().isOpen()) {
                continue;
            }
            for (String problem : incident.tagProblems()) {
                findings.add(tagFinding(Finding.Kind.MALFORMED_TAG, incident, ": " + problem));
            }
            Map<String, Set<String>> routed = new LinkedHashMap<>();
            for (String tagged : incident.componentIds().stream().sorted().toList()) {
                route(tagged, incident, componentsByPage, routed, findings);
            }
            routed.forEach((page, ids) -> byPage.get(page).add(incident.withComponentIds(ids)));
        }
        return new Routed(byPage, findings);
    }

    private static void route(
            String tagged,
            PagerDutyIncident incident,
            Map<String, Set<String>> componentsByPage,
            Map<String, Set<String>> routed,
            List<Finding> findings) {
        int slash = tagged.indexOf('/');
        if (slash >= 0) {
            String page = tagged.substring(0, slash);
            String component = tagged.substring(slash + 1);
            if (!componentsByPage.containsKey(page)) {
                findings.add(tagFinding(
                        Finding.Kind.UNKNOWN_COMPONENT,
                        incident,
                        "names page " + page + ", which pagerstatus does not keep (it keeps "
                                + String.join(", ", componentsByPage.keySet()) + "); skipped"));
            } else if (!componentsByPage.get(page).contains(component)) {
                findings.add(tagFinding(
                        Finding.Kind.UNKNOWN_COMPONENT,
                        incident,
                        "names component " + component + " on page " + page + ", which has no such component;"
                                + " skipped"));
            } else {
                routed.computeIfAbsent(page, id -> new LinkedHashSet<>()).add(component);
            }
            return;
        }
        List<String> pages = componentsByPage.entrySet().stream()
                .filter(entry -> entry.getValue().contains(tagged))
                .map(Map.Entry::getKey)
                .toList();
        if (pages.isEmpty()) {
            findings.add(tagFinding(
                    Finding.Kind.UNKNOWN_COMPONENT,
                    incident,
                    "names component " + tagged + ", which is not on "
                            + (componentsByPage.size() == 1
                                    ? "the status page"
                                    : "any of the status pages (" + String.join(", ", componentsByPage.keySet()) + ")")
                            + "; skipped"));
        } else if (pages.size() > 1) {
            findings.add(tagFinding(
                    Finding.Kind.AMBIGUOUS_COMPONENT,
                    incident,
                    "names component " + tagged + ", which is on pages " + String.join(" and ", pages)
                            + "; tag it component:<page id>/" + tagged + " to choose; skipped"));
        } else {
            routed.computeIfAbsent(pages.getFirst(), id -> new LinkedHashSet<>())
                    .add(tagged);
        }
    }

    private static Finding tagFinding(Finding.Kind kind, PagerDutyIncident incident, String what) {
        return new Finding(
                kind,
                "PagerDuty incident " + incident.label() + " (" + incident.id() + ")"
                        + (what.startsWith(":") ? "" : " ") + what,
                null,
                incident.ref());
    }
}
