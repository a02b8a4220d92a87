package dev.pagerstatus.sync;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a pass would do: the changes per component with PagerDuty or pagerstatus activity, and findings; and
 * {@code resolutionsWanted}, the PagerDuty incidents ({@code <account>/<id>}) whose resolution time the plan
 * needs for a notice a person took over and did not have.
 */
public record Plan(List<PlannedChange> changes, List<Finding> findings, List<String> resolutionsWanted) {
    public Plan {
        changes = List.copyOf(changes);
        findings = List.copyOf(findings);
        resolutionsWanted = List.copyOf(resolutionsWanted);
    }

    public Plan(List<PlannedChange> changes, List<Finding> findings) {
        this(changes, findings, List.of());
    }

    public List<PlannedChange> writes() {
        return changes.stream().filter(change -> change.action().writes()).toList();
    }

    /** The first time at which this plan changes by itself, with no webhook: when the next pass is due. */
    public Optional<Instant> nextDue() {
        return changes.stream().map(PlannedChange::due).filter(Objects::nonNull).min(Instant::compareTo);
    }
}
