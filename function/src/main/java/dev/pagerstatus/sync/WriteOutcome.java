package dev.pagerstatus.sync;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.pagerstatus.statuspage.StatuspageIncident;

/** What became of one planned write; {@code written} is the notice as Statuspage answered it (null on failure). */
@JsonPropertyOrder({"action", "page", "component", "ok", "statuspage_incident", "error"})
@JsonInclude(JsonInclude.Include.NON_NULL)
public record WriteOutcome(
        Action action,
        String page,
        String component,
        boolean ok,
        String statuspageIncident,
        String error,
        @JsonIgnore StatuspageIncident written) {}
