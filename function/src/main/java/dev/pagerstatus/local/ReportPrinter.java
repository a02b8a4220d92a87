package dev.pagerstatus.local;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.pagerstatus.support.Json;
import dev.pagerstatus.sync.Action;
import dev.pagerstatus.sync.Finding;
import dev.pagerstatus.sync.NoteOutcome;
import dev.pagerstatus.sync.PlannedChange;
import dev.pagerstatus.sync.ReadFailure;
import dev.pagerstatus.sync.SyncReport;
import dev.pagerstatus.sync.WriteOutcome;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** Renders a {@link SyncReport} for people (a table) or for scripts ({@code --json}). */
final class ReportPrinter {
    private static final int MAX_NAME = 28;
    /** What a terminal shows without wrapping a line of its own: the table and the lines under it fit. */
    static final int WIDTH = 120;
    /**
     * COMPONENT, ACTION, STATUS, WHY, PAGERDUTY (one incident a line). When the table is too wide, WHY wraps
     * first, down to 30 columns; then a component's name goes under its id; then PAGERDUTY wraps.
     */
    private static final TextTable CHANGES = new TextTable(
            List.of("COMPONENT", "ACTION", "STATUS", "WHY", "PAGERDUTY"),
            new int[] {12, Integer.MAX_VALUE, Integer.MAX_VALUE, 30, 16},
            new int[] {3, 0, 4});

    private ReportPrinter() {}

    static void json(SyncReport report, PrintStream out) {
        try {
            out.println(Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(report));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void table(SyncReport report, PrintStream out) {
        boolean several = report.pages().size() > 1;
        String pages = (several ? "Status pages " : "Status page ") + String.join(", ", report.pages());
        if (!report.readFailures().isEmpty()) {
            if (report.writes().isEmpty()) {
                out.println(pages + ": a read failed, so nothing " + (report.applied() ? "was" : "would be")
                        + " written" + (several ? " on any of them." : "."));
            } else {
                // Only the notes behind open notices are read after the rest; what did not need them went out.
                out.println(pages + ": a read failed, so the notices that needed it were not written; "
                        + report.writes().stream().filter(WriteOutcome::ok).count()
                        + " writes that did not need it went out.");
            }
            out.println();
            for (ReadFailure failure : report.readFailures()) {
                out.println("  ✗ " + failure.source() + ": " + failure.message());
            }
            return;
        }
        out.println(pages + ": " + summary(report) + (report.applied() ? "" : " (plan only; nothing written)"));
        if (!report.changes().isEmpty()) {
            if (several) {
                for (String page : report.pages()) {
                    List<PlannedChange> onPage = report.changes().stream()
                            .filter(change -> change.page().equals(page))
                            .toList();
                    if (!onPage.isEmpty()) {
                        out.println();
                        out.println("Page " + page + ":");
                        printChanges(onPage, out);
                    }
                }
            } else {
                out.println();
                printChanges(report.changes(), out);
            }
        }
        if (!report.findings().isEmpty()) {
            out.println();
            out.println("Findings:");
            for (Finding finding : report.findings()) {
                out.println("  ! " + (several && finding.page() != null ? "page " + finding.page() + ": " : "")
                        + finding.message());
            }
        }
        if (!report.notes().isEmpty()) {
            out.println();
            out.println("Notes to PagerDuty:");
            for (NoteOutcome note : report.notes()) {
                out.println("  " + (note.ok() ? "✓ " : "✗ ") + note.kind() + " note on " + note.incident() + ": "
                        + note.result().label() + (note.error() == null ? "" : " (" + note.error() + ")"));
            }
        }
        List<WriteOutcome> failed =
                report.writes().stream().filter(write -> !write.ok()).toList();
        if (!failed.isEmpty()) {
            out.println();
            out.println("Failed writes:");
            for (WriteOutcome write : failed) {
                out.println("  ✗ " + write.action().label() + " " + (several ? write.page() + "/" : "")
                        + write.component() + ": " + write.error());
            }
        }
    }

    private static String summary(SyncReport report) {
        List<String> parts = new ArrayList<>();
        String verbPrefix = report.applied() ? "" : "to ";
        addCount(parts, report.count(Action.OPEN), verbPrefix + (report.applied() ? "opened" : "open"));
        addCount(parts, report.count(Action.ESCALATE), verbPrefix + (report.applied() ? "escalated" : "escalate"));
        addCount(parts, report.count(Action.IMPROVE), verbPrefix + (report.applied() ? "improved" : "improve"));
        addCount(
                parts,
                report.count(Action.MONITOR),
                verbPrefix + (report.applied() ? "moved to monitoring" : "move to monitoring"));
        addCount(parts, report.count(Action.RELAPSE), verbPrefix + (report.applied() ? "reopened" : "reopen"));
        addCount(
                parts,
                report.count(Action.POST_NOTE),
                "public note" + (report.count(Action.POST_NOTE) == 1 ? "" : "s")
                        + (report.applied() ? " posted" : " to post"));
        addCount(parts, report.count(Action.RESOLVE), verbPrefix + (report.applied() ? "resolved" : "resolve"));
        addCount(
                parts,
                report.count(Action.RESOLVE_DUPLICATE),
                "duplicate" + (report.count(Action.RESOLVE_DUPLICATE) == 1 ? "" : "s") + " "
                        + (report.applied() ? "closed" : "to close"));
        addCount(parts, report.count(Action.UPDATE), verbPrefix + (report.applied() ? "updated" : "update"));
        addCount(parts, report.count(Action.KEEP), "unchanged");
        addCount(parts, report.count(Action.WAIT), "waiting");
        return parts.isEmpty() ? "nothing to do, no PagerDuty incident names a component" : String.join(", ", parts);
    }

    private static void addCount(List<String> parts, long count, String what) {
        if (count > 0) {
            parts.add(count + " " + what);
        }
    }

    private static void printChanges(List<PlannedChange> changes, PrintStream out) {
        List<List<String>> rows = new ArrayList<>();
        for (PlannedChange change : changes) {
            rows.add(List.of(
                    change.componentId() + "  " + clip(change.componentName()),
                    change.action().label(),
                    change.severity() == null ? "-" : change.severity().label(),
                    change.reason() == null ? "" : change.reason(),
                    change.pagerDutyIncidents().stream()
                            .map(incident ->
                                    incident.label() + " " + incident.status().wireValue()
                                            + (incident.priority() == null ? "" : " " + incident.priority()))
                            .collect(Collectors.joining("\n"))));
        }
        CHANGES.render(rows, WIDTH).forEach(out::println);
        List<PlannedChange> explained = changes.stream()
                .filter(change -> change.severityReason() != null
                        && !change.severityReason().isEmpty())
                .filter(change -> change.action() != Action.RESOLVE_DUPLICATE && change.action() != Action.POST_NOTE)
                .toList();
        if (!explained.isEmpty()) {
            out.println();
            out.println("Status:");
            for (PlannedChange change : explained) {
                println(
                        out,
                        "  " + clip(change.componentName()) + ": "
                                + change.severity().label() + ", " + change.severityReason());
            }
        }
        List<PlannedChange> due =
                changes.stream().filter(change -> change.due() != null).toList();
        if (!due.isEmpty()) {
            out.println();
            out.println("Due:");
            for (PlannedChange change : due) {
                println(
                        out,
                        "  " + clip(change.componentName()) + ": " + change.dueReason() + " ("
                                + change.due().truncatedTo(java.time.temporal.ChronoUnit.SECONDS) + ")");
            }
        }
    }

    /** A line under the table, wrapped to the width, its continuation indented under its text. */
    private static void println(PrintStream out, String line) {
        List<String> lines = TextTable.wrap(line.strip(), WIDTH - 4);
        out.println("  " + lines.getFirst());
        lines.subList(1, lines.size()).forEach(more -> out.println("    " + more));
    }

    private static String clip(String name) {
        return name.length() <= MAX_NAME ? name : name.substring(0, MAX_NAME - 1) + "…";
    }
}
