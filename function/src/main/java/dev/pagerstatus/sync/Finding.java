package dev.pagerstatus.sync;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * Something an operator should know about: a tag that leads nowhere, a duplicate notice, an unreadable one, a
 * public note held back because it would publish something internal.
 */
public record Finding(Kind kind, String message) {
    public enum Kind {
        UNKNOWN_COMPONENT,
        COMPONENT_GROUP,
        MALFORMED_TAG,
        DUPLICATE_INCIDENT,
        UNUSABLE_INCIDENT,
        HELD_PUBLIC_NOTE;

        @JsonValue
        public String label() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }
}
