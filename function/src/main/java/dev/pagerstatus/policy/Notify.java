package dev.pagerstatus.policy;

import java.util.EnumMap;
import java.util.Map;

/**
 * Whether each kind of update notifies the page's subscribers; every create and update says so explicitly,
 * because Statuspage's own default is to notify.
 */
public record Notify(Map<UpdateKind, Boolean> kinds) {
    public Notify {
        kinds = Map.copyOf(kinds);
    }

    /** Openings, escalations, relapses, resolutions and public notes notify; improvements and monitoring do not. */
    public static Notify defaults() {
        Map<UpdateKind, Boolean> kinds = new EnumMap<>(UpdateKind.class);
        for (UpdateKind kind : UpdateKind.values()) {
            kinds.put(kind, kind != UpdateKind.IMPROVED && kind != UpdateKind.MONITORING);
        }
        return new Notify(kinds);
    }

    /** Every kind the same: what PAGERSTATUS_NOTIFY_SUBSCRIBERS=false has always meant. */
    public static Notify all(boolean notify) {
        Map<UpdateKind, Boolean> kinds = new EnumMap<>(UpdateKind.class);
        for (UpdateKind kind : UpdateKind.values()) {
            kinds.put(kind, notify);
        }
        return new Notify(kinds);
    }

    public boolean of(UpdateKind kind) {
        return kinds.getOrDefault(kind, true);
    }

    public Notify with(UpdateKind kind, boolean notify) {
        Map<UpdateKind, Boolean> changed = new EnumMap<>(kinds);
        changed.put(kind, notify);
        return new Notify(changed);
    }
}
