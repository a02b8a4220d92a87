package dev.pagerstatus.sync;

import dev.pagerstatus.pagerduty.PagerDutyIncident;
import dev.pagerstatus.pagerduty.PagerDutyNote;
import dev.pagerstatus.statuspage.Component;
import dev.pagerstatus.statuspage.StatuspageIncident;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Everything a pass read, complete: the open PagerDuty incidents of every account, every page's state, the notes
 * read for incidents a responder annotated ({@code notes}, by {@code <account>/<incident id>}), and when PagerDuty
 * resolved the incidents behind notices a person took over ({@code resolvedAt}, by the same key; only those the
 * plan asked for), at {@code now}. {@code accounts} are the PagerDuty accounts configured: a notice record naming
 * another account's incidents was not written by this deployment (empty in specs that do not say).
 */
public record Observation(
        List<PagerDutyIncident> pagerDutyIncidents,
        List<PageState> pages,
        Map<String, List<PagerDutyNote>> notes,
        Map<String, Instant> resolvedAt,
        Instant now,
        Set<String> accounts) {

    /** The page of the one-page constructors, for specs of the rules that hold on each page alike. */
    static final String ONLY_PAGE = "page";

    public Observation {
        pagerDutyIncidents = List.copyOf(pagerDutyIncidents);
        pages = List.copyOf(pages);
        notes = Map.copyOf(notes);
        resolvedAt = Map.copyOf(resolvedAt);
        accounts = Set.copyOf(accounts);
    }

    public Observation(
            List<PagerDutyIncident> pagerDutyIncidents,
            List<Component> components,
            List<StatuspageIncident> statuspageIncidents,
            Map<String, List<PagerDutyNote>> notes,
            Instant now) {
        this(
                pagerDutyIncidents,
                List.of(new PageState(ONLY_PAGE, components, statuspageIncidents)),
                notes,
                Map.of(),
                now,
                Set.of());
    }

    public Observation(
            List<PagerDutyIncident> pagerDutyIncidents,
            List<Component> components,
            List<StatuspageIncident> statuspageIncidents,
            Instant now) {
        this(pagerDutyIncidents, components, statuspageIncidents, Map.of(), now);
    }

    /** What {@code incident} is to this deployment: see {@link Ownership}. */
    Ownership.Verdict ownership(StatuspageIncident incident) {
        return Ownership.of(incident, accounts);
    }

    Observation withPages(List<PageState> read) {
        return new Observation(pagerDutyIncidents, read, notes, resolvedAt, now, accounts);
    }

    Observation withNotes(Map<String, List<PagerDutyNote>> more) {
        Map<String, List<PagerDutyNote>> all = new java.util.TreeMap<>(notes);
        all.putAll(more);
        return new Observation(pagerDutyIncidents, pages, all, resolvedAt, now, accounts);
    }

    Observation withResolvedAt(Map<String, Instant> more) {
        Map<String, Instant> all = new java.util.TreeMap<>(resolvedAt);
        all.putAll(more);
        return new Observation(pagerDutyIncidents, pages, notes, all, now, accounts);
    }
}
