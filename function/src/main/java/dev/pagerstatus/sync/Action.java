package dev.pagerstatus.sync;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** What a pass does about one component's notice. Every action but keep and wait writes to Statuspage. */
public enum Action {
    /** Opens a notice: an incident on the component reached the page. */
    OPEN,
    /** The component's worst status got worse: one update sets it and says so. */
    ESCALATE,
    /** The component's worst status got better. */
    IMPROVE,
    /** The last incident resolved and the policy recovers through monitoring first: back to operational. */
    MONITOR,
    /** An incident opened again while monitoring: the same notice goes back to investigating. */
    RELAPSE,
    /** Posts a responder's public note on the notice. */
    POST_NOTE,
    RESOLVE,
    RESOLVE_DUPLICATE,
    /** Refreshes the notice's record of the PagerDuty incidents behind it; nothing public changes. */
    UPDATE,
    KEEP,
    WAIT;

    /**
     * Where the action's writes go in a pass, and its changes in a plan: openings first, so that when the key's
     * budget is short they are the ones that go; then the status changes, public notes and resolutions, each
     * building on the record the one before it left on the same notice; the record refreshes last.
     */
    public int sendOrder() {
        return switch (this) {
            case OPEN -> 0;
            case ESCALATE -> 1;
            case IMPROVE -> 2;
            case MONITOR -> 3;
            case RELAPSE -> 4;
            case POST_NOTE -> 5;
            case RESOLVE -> 6;
            case RESOLVE_DUPLICATE -> 7;
            case UPDATE -> 8;
            case KEEP -> 9;
            case WAIT -> 10;
        };
    }

    public boolean writes() {
        return this != KEEP && this != WAIT;
    }

    @JsonValue
    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
