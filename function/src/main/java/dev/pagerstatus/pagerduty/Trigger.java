package dev.pagerstatus.pagerduty;

/**
 * An incident's trigger, as the account's log records it: the incident's number ({@code #1042}, or its id when
 * the log does not say), its service, and the component tags read from the trigger's channel.
 */
public record Trigger(String incident, String service, ComponentTags.Scan tags) {}
