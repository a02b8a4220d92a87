package dev.pagerstatus.policy;

import java.util.Arrays;
import java.util.Optional;

/** Each kind of update pagerstatus posts on a notice: its template and its notification switch. */
public enum UpdateKind {
    OPEN("open"),
    ESCALATED("escalated"),
    IMPROVED("improved"),
    MONITORING("monitoring"),
    RELAPSED("relapsed"),
    RESOLVED("resolved"),
    PUBLIC_NOTE("public_note");

    private final String key;

    UpdateKind(String key) {
        this.key = key;
    }

    /** The policy's key for it: {@code templates.<key>}, {@code notify.<key>}. */
    public String key() {
        return key;
    }

    public static Optional<UpdateKind> keyed(String key) {
        return Arrays.stream(values()).filter(kind -> kind.key.equals(key)).findFirst();
    }
}
