package dev.pagerstatus.statuspage;

import java.util.Arrays;
import java.util.Optional;

/** A Statuspage component status, as the API spells it. */
public enum ComponentStatus {
    OPERATIONAL("operational"),
    DEGRADED_PERFORMANCE("degraded_performance"),
    PARTIAL_OUTAGE("partial_outage"),
    MAJOR_OUTAGE("major_outage"),
    UNDER_MAINTENANCE("under_maintenance");

    private final String wireValue;

    ComponentStatus(String wireValue) {
        this.wireValue = wireValue;
    }

    public String wireValue() {
        return wireValue;
    }

    public static Optional<ComponentStatus> fromWire(String value) {
        return Arrays.stream(values())
                .filter(status -> status.wireValue.equals(value))
                .findFirst();
    }
}
