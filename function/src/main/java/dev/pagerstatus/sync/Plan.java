package dev.pagerstatus.sync;

import java.util.List;

/** What a pass would do: one change per component with PagerDuty or pagerstatus activity, and findings. */
public record Plan(List<PlannedChange> changes, List<Finding> findings) {
    public Plan {
        changes = List.copyOf(changes);
        findings = List.copyOf(findings);
    }

    public List<PlannedChange> writes() {
        return changes.stream().filter(change -> change.action().writes()).toList();
    }
}
