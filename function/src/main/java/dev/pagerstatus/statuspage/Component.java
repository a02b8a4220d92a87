package dev.pagerstatus.statuspage;

/**
 * A Statuspage component. {@code status} is null when Statuspage sends a value this version does not know.
 * {@code group} marks a component group, which cannot carry an incident itself.
 */
public record Component(String id, String name, ComponentStatus status, boolean group) {}
