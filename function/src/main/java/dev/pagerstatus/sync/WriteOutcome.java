package dev.pagerstatus.sync;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** What became of one planned write. */
@JsonPropertyOrder({"action", "component", "ok", "statuspage_incident", "error"})
public record WriteOutcome(Action action, String component, boolean ok, String statuspageIncident, String error) {}
