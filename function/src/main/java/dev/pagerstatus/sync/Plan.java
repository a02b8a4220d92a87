package dev.pagerstatus.sync;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** What a pass would do: the changes per component with PagerDuty or pagerstatus activity, and findings. */
public record Plan(List<PlannedChange> changes, List<Finding> findings) {
    public Plan {
        changes = List.copyOf(changes);
        findings = List.copyOf(findings);
    }

    public List<PlannedChange> writes() {
        return changes.stream().filter(change -> change.action().writes()).toList();
    }

    /** The first time at which this plan changes by itself, with no webhook: when the next pass is due. */
    public Optional<Instant> nextDue() {
        return changes.stream().map(PlannedChange::due).filter(Objects::nonNull).min(Instant::compareTo);
    }
}
