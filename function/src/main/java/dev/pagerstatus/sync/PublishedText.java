package dev.pagerstatus.sync;

import dev.pagerstatus.policy.LeakGuard;
import dev.pagerstatus.statuspage.IncidentWrite;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The last look at every word a plan would publish, after everything is rendered and right before it is sent:
 * start-up checks templates with sample values only, and a value known only in one pass (a missing status, a
 * responder's note in a template) must not reach customers as {@code {{status}}} or an address. The component's
 * own name is Statuspage's and may look like a host name ({@code api.acme.com}), so it is not judged.
 */
final class PublishedText {
    private PublishedText() {}

    /**
     * {@code changes} without those whose text fails, each reported in {@code findings}. A public note is held
     * alone (it is recorded as handled by the writes after it, and reported once); any other write is held with
     * every write of its component that pass, since each builds on the status the one before it set.
     */
    static List<PlannedChange> checked(List<PlannedChange> changes, List<Finding> findings) {
        Set<String> heldComponents = new HashSet<>();
        Set<PlannedChange> heldNotes = new HashSet<>();
        for (PlannedChange change : changes) {
            List<String> problems = problems(change);
            if (problems.isEmpty()) {
                continue;
            }
            boolean reported = change.action() == Action.POST_NOTE
                    ? heldNotes.add(change)
                    : heldComponents.add(componentOf(change));
            if (reported) {
                findings.add(new Finding(
                        Finding.Kind.HELD_TEXT,
                        change.action().label() + " on " + change.componentName() + " is held, not sent: its text"
                                + " would publish " + String.join(" and ", problems)
                                + "; check the policy's templates",
                        change.page(),
                        null));
            }
        }
        return changes.stream()
                .filter(change -> !heldNotes.contains(change) && !heldComponents.contains(componentOf(change)))
                .toList();
    }

    private static String componentOf(PlannedChange change) {
        return change.page() + "/" + change.componentId();
    }

    static List<String> problems(PlannedChange change) {
        if (change.write() == null) {
            return List.of();
        }
        IncidentWrite write = change.write().body();
        String name = change.componentName();
        return Stream.of(write.name(), write.body())
                .filter(text -> text != null)
                .map(text -> name == null || name.isBlank() ? text : text.replace(name, "the component"))
                .flatMap(text -> LeakGuard.problems(text).stream())
                .distinct()
                .toList();
    }
}
