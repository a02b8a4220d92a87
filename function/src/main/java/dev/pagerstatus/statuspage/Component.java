package dev.pagerstatus.statuspage;

/**
 * A Statuspage component. {@code status} is null when Statuspage sends a value this version does not know.
 * {@code group} marks a component group, which cannot carry an incident itself; {@code groupId} is the group a
 * component belongs to, null when none.
 */
public record Component(String id, String name, ComponentStatus status, boolean group, String groupId) {
    public Component(String id, String name, ComponentStatus status, boolean group) {
        this(id, name, status, group, null);
    }
}
