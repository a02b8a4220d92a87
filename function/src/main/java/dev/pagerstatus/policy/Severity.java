package dev.pagerstatus.policy;

import dev.pagerstatus.statuspage.ComponentStatus;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * What one PagerDuty incident means for its component, in order from harmless to worst: a component shows the
 * worst over its open incidents. {@link #NONE} puts nothing on the page.
 */
public enum Severity {
    NONE("none", null, "no impact"),
    UNDER_MAINTENANCE("under_maintenance", ComponentStatus.UNDER_MAINTENANCE, "maintenance"),
    DEGRADED_PERFORMANCE("degraded_performance", ComponentStatus.DEGRADED_PERFORMANCE, "degraded performance"),
    PARTIAL_OUTAGE("partial_outage", ComponentStatus.PARTIAL_OUTAGE, "a partial outage"),
    MAJOR_OUTAGE("major_outage", ComponentStatus.MAJOR_OUTAGE, "a major outage");

    private final String name;
    private final ComponentStatus componentStatus;
    private final String words;

    Severity(String name, ComponentStatus componentStatus, String words) {
        this.name = name;
        this.componentStatus = componentStatus;
        this.words = words;
    }

    /** As the policy and the plan spell it: {@code major_outage}, {@code none}. */
    public String label() {
        return name;
    }

    /** The Statuspage component status; null for {@link #NONE}. */
    public ComponentStatus componentStatus() {
        return componentStatus;
    }

    /** Plain words for {@code {{status}}}: "a major outage", "degraded performance". */
    public String words() {
        return words;
    }

    public boolean isWorseThan(Severity other) {
        return compareTo(other) > 0;
    }

    public static Optional<Severity> named(String name) {
        return Arrays.stream(values())
                .filter(severity -> severity.name.equals(name.strip().toLowerCase(Locale.ROOT)))
                .findFirst();
    }

    public static Optional<Severity> of(ComponentStatus status) {
        return Arrays.stream(values())
                .filter(severity -> severity.componentStatus == status)
                .findFirst();
    }

    public static String choices() {
        return String.join(", ", Arrays.stream(values()).map(Severity::label).toList());
    }
}
