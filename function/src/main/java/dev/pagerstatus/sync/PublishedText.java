package dev.pagerstatus.sync;

import dev.pagerstatus.policy.LeakGuard;
import dev.pagerstatus.statuspage.IncidentWrite;
import java.util.ArrayList;
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
     * {@code changes} without those of any component one of whose texts fails, each reported in {@code findings}:
     * a component's writes in a pass build on one another, so they are held together.
     */
    static List<PlannedChange> checked(List<PlannedChange> changes, List<Finding> findings) {
        Set<String> held = new HashSet<>();
        for (PlannedChange change : changes) {
            List<String> problems = problems(change);
            if (!problems.isEmpty() && held.add(change.page() + "/" + change.componentId())) {
                findings.add(new Finding(
                        Finding.Kind.HELD_TEXT,
                        change.action().label() + " on " + change.componentName() + " is held, not sent: its text"
                                + " would publish " + String.join(" and ", problems)
                                + "; check the policy's templates",
                        change.page(),
                        null));
            }
        }
        List<PlannedChange> kept = new ArrayList<>();
        for (PlannedChange change : changes) {
            if (!held.contains(change.page() + "/" + change.componentId())) {
                kept.add(change);
            }
        }
        return kept;
    }

    static List<String> problems(PlannedChange change) {
        if (change.write() == null) {
            return List.of();
        }
        IncidentWrite write = switch (change.write()) {
            case StatuspageWrite.Create create -> create.incident();
            case StatuspageWrite.Update update -> update.change();
        };
        String name = change.componentName();
        return Stream.of(write.name(), write.body())
                .filter(text -> text != null)
                .map(text -> name == null || name.isBlank() ? text : text.replace(name, "the component"))
                .flatMap(text -> LeakGuard.problems(text).stream())
                .distinct()
                .toList();
    }
}
