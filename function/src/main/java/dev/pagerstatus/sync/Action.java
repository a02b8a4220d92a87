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

    public boolean writes() {
        return this != KEEP && this != WAIT;
    }

    @JsonValue
    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
