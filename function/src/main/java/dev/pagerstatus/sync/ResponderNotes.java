package dev.pagerstatus.sync;

import dev.pagerstatus.pagerduty.PagerDutyIncident;
import dev.pagerstatus.policy.Severity;
import dev.pagerstatus.statuspage.StatuspageIncident;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The notes pagerstatus owes responders in PagerDuty, decided from a pass's plan and what its writes did: when a
 * notice opens, each incident behind it learns the public link, the component and its status; when it resolves,
 * each learns that too; an incident whose tag puts nothing on any page learns why and how to fix the tag.
 *
 * <p>Owed is what the notice's record does not list as told yet, so a note that failed is owed again on the next
 * pass, in any process. Each note ends with a marker line that the poster looks for among the incident's notes
 * before it posts, so a note is never posted twice, even when the record of it could not be written. None of
 * them starts with {@code #public }: they never come back to the page.
 */
final class ResponderNotes {
    /** How long after a resolution its notes are still owed; past that, nobody is waiting for them. */
    static final Duration RESOLVED_NOTES_OWED_FOR = Duration.ofHours(24);

    enum Kind {
        OPENED,
        RESOLVED,
        TAG;

        String word() {
            return switch (this) {
                case OPENED -> "opened";
                case RESOLVED -> "resolved";
                case TAG -> "tag";
            };
        }
    }

    /**
     * One note for one PagerDuty incident ({@code ref}: {@code <account>/<id>}). {@code notice} is the notice it is
     * about (null for a tag), whose record is written once it is posted; {@code marker} tells it apart from every
     * other note.
     */
    record Owed(Kind kind, String ref, String page, StatuspageIncident notice, String marker, String content) {
        String account() {
            return ref.substring(0, ref.indexOf('/'));
        }

        String incidentId() {
            return ref.substring(ref.indexOf('/') + 1);
        }
    }

    private ResponderNotes() {}

    /**
     * The notes owed after a pass. {@code written} is the notice each successful write left, by the id of the
     * notice it wrote (a new notice under its own id and, for an opening, under {@code page/component} too).
     */
    static List<Owed> owed(
            Plan plan,
            Observation observation,
            Map<String, StatuspageIncident> written,
            Set<String> accountsWithNotes) {
        Map<String, Owed> owed = new LinkedHashMap<>();
        for (PlannedChange change : plan.changes()) {
            StatuspageIncident notice = change.action() == Action.OPEN
                    ? written.get(change.page() + "/" + change.componentId())
                    : change.statuspageIncident();
            if (notice == null || change.action() == Action.RESOLVE_DUPLICATE) {
                continue;
            }
            StatuspageIncident now = written.getOrDefault(notice.id(), notice);
            if (!(observation.ownership(now) instanceof Ownership.Managed managed)) {
                continue;
            }
            NoticeRecord record = managed.record();
            if (change.action() == Action.RESOLVE) {
                if (written.containsKey(notice.id())) {
                    resolvedNotes(change.page(), change.componentName(), now, record, owed);
                }
                continue;
            }
            if (now.resolved() || Handover.of(now, record).isPresent()) {
                continue;
            }
            for (PagerDutyIncident incident : change.pagerDutyIncidents()) {
                if (record.names(incident.ref()) && !record.noted().contains(incident.ref())) {
                    put(
                            owed,
                            new Owed(
                                    Kind.OPENED,
                                    incident.ref(),
                                    change.page(),
                                    now,
                                    marker(Kind.OPENED, now.id()),
                                    opened(now, change)));
                }
            }
        }
        // Resolutions whose notes did not all go out, from the page's recent notices.
        for (PageState page : observation.pages()) {
            for (StatuspageIncident notice : page.recent()) {
                if (notice.resolved()
                        && notice.resolvedAt() != null
                        && notice.resolvedAt().plus(RESOLVED_NOTES_OWED_FOR).isAfter(observation.now())
                        && observation.ownership(notice) instanceof Ownership.Managed managed
                        && managed.record().tracked()
                        && Handover.resolvedByPerson(notice, managed.record()).isEmpty()
                        && !notice.metadata().path(NoticeRecord.KEY).has(Writes.DUPLICATE_OF)) {
                    resolvedNotes(page.id(), managed.componentId(), notice, managed.record(), owed);
                }
            }
        }
        for (Finding finding : plan.findings()) {
            if (finding.isTagProblem()) {
                put(
                        owed,
                        new Owed(
                                Kind.TAG,
                                finding.incident(),
                                finding.page(),
                                null,
                                marker(Kind.TAG, NoticeRecord.digest(finding.kind() + finding.message())),
                                tagProblem(finding)));
            }
        }
        return owed.values().stream()
                .filter(note -> accountsWithNotes.contains(note.account()))
                .toList();
    }

    private static void resolvedNotes(
            String page, String component, StatuspageIncident notice, NoticeRecord record, Map<String, Owed> owed) {
        for (String ref : record.pagerDutyRefs()) {
            if (!record.resolveNoted().contains(ref)) {
                put(
                        owed,
                        new Owed(
                                Kind.RESOLVED,
                                ref,
                                page,
                                notice,
                                marker(Kind.RESOLVED, notice.id()),
                                "The status page notice " + link(notice) + " for " + component
                                        + " is resolved; customers see it as over.\n"
                                        + marker(Kind.RESOLVED, notice.id())));
            }
        }
    }

    private static void put(Map<String, Owed> owed, Owed note) {
        owed.putIfAbsent(note.ref() + " " + note.marker(), note);
    }

    /** The line each note ends with, and that is looked for before posting. */
    static String marker(Kind kind, String about) {
        return "[pagerstatus " + kind.word() + " " + about + "]";
    }

    private static String opened(StatuspageIncident notice, PlannedChange change) {
        Severity severity = change.severity();
        return "Customers see this on the status page: " + link(notice) + " (" + change.componentName()
                + (severity == null ? "" : ": " + severity.label().replace('_', ' ')) + ")."
                + " pagerstatus keeps the notice in step with this incident; a note that starts with #public is"
                + " published on it.\n"
                + marker(Kind.OPENED, notice.id());
    }

    private static String tagProblem(Finding finding) {
        return "Customers see nothing of this incident on the status page. " + finding.message() + ".\n"
                + "To publish it, tag the monitor component:<component id> with the id of a component on the page"
                + " (Statuspage: Components, the component's id in its URL), or component:<page id>/<component id>"
                + " when pages share an id; the next alert carries the tag.\n"
                + marker(Kind.TAG, NoticeRecord.digest(finding.kind() + finding.message()));
    }

    private static String link(StatuspageIncident notice) {
        return notice.shortlink() == null || notice.shortlink().isEmpty() ? notice.id() : notice.shortlink();
    }

    /** The notices told, with the incidents each was told to, for their records. */
    static Map<String, List<Owed>> byNotice(List<Owed> posted) {
        Map<String, List<Owed>> byNotice = new LinkedHashMap<>();
        for (Owed note : posted) {
            if (note.notice() != null) {
                byNotice.computeIfAbsent(note.notice().id(), id -> new ArrayList<>())
                        .add(note);
            }
        }
        return byNotice;
    }

    /** The metadata write that records {@code told} on the notice; empty when its record already does. */
    static java.util.Optional<StatuspageWrite> recordWrite(StatuspageIncident notice, List<Owed> told) {
        if (!(Ownership.of(notice) instanceof Ownership.Managed managed)) {
            return java.util.Optional.empty();
        }
        NoticeRecord after = recordAfter(managed.record(), told);
        return after.equals(managed.record())
                ? java.util.Optional.empty()
                : java.util.Optional.of(Writes.record(notice, after));
    }

    /** The record a notice carries once {@code posted} went out. */
    static NoticeRecord recordAfter(NoticeRecord record, List<Owed> posted) {
        List<String> opened = posted.stream()
                .filter(note -> note.kind() == Kind.OPENED)
                .map(Owed::ref)
                .toList();
        List<String> resolved = posted.stream()
                .filter(note -> note.kind() == Kind.RESOLVED)
                .map(Owed::ref)
                .toList();
        return record.withNoted(opened).withResolveNoted(resolved);
    }
}
