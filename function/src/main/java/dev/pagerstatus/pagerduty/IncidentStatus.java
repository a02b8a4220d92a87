package dev.pagerstatus.pagerduty;

/** A PagerDuty incident's status. Only acknowledged incidents are published; any open one keeps a notice open. */
public enum IncidentStatus {
    TRIGGERED,
    ACKNOWLEDGED,
    RESOLVED;

    public String wireValue() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** A status PagerDuty may add later is read as triggered: open, but not confirmed by a person. */
    public static IncidentStatus fromWire(String value) {
        return switch (value) {
            case "acknowledged" -> ACKNOWLEDGED;
            case "resolved" -> RESOLVED;
            default -> TRIGGERED;
        };
    }

    public boolean isOpen() {
        return this != RESOLVED;
    }
}
