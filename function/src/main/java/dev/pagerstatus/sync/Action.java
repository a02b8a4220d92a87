package dev.pagerstatus.sync;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** What a pass does about one component. Only the first four write to Statuspage. */
public enum Action {
    OPEN,
    RESOLVE,
    RESOLVE_DUPLICATE,
    UPDATE,
    KEEP,
    WAIT;

    public boolean writes() {
        return this == OPEN || this == RESOLVE || this == RESOLVE_DUPLICATE || this == UPDATE;
    }

    @JsonValue
    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
