package dev.pagerstatus.policy;

import java.util.Locale;
import java.util.Set;

/**
 * One rule of {@code severity.rules}: an incident matches when its priority is one of {@code priorities} (if
 * given) and its urgency is {@code urgency} (if given). Names are compared case-insensitively; an incident
 * without a priority matches no priority rule.
 */
public record SeverityRule(Set<String> priorities, String urgency, Severity status) {
    public SeverityRule {
        priorities = priorities.stream()
                .map(p -> p.toLowerCase(Locale.ROOT))
                .collect(java.util.stream.Collectors.toUnmodifiableSet());
        urgency = urgency == null ? null : urgency.toLowerCase(Locale.ROOT);
    }

    public boolean matches(String priority, String incidentUrgency) {
        if (!priorities.isEmpty() && (priority == null || !priorities.contains(priority.toLowerCase(Locale.ROOT)))) {
            return false;
        }
        return urgency == null || urgency.equalsIgnoreCase(incidentUrgency);
    }

    /** How the plan names the rule: {@code P1}, {@code urgency low}, {@code P4/P5 with urgency low}. */
    public String describe() {
        String names = String.join(
                "/",
                priorities.stream()
                        .map(p -> p.toUpperCase(Locale.ROOT))
                        .sorted()
                        .toList());
        if (urgency == null) {
            return names;
        }
        return names.isEmpty() ? "urgency " + urgency : names + " with urgency " + urgency;
    }
}
