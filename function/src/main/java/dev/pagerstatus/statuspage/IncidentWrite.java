package dev.pagerstatus.statuspage;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;

/**
 * The {@code incident} object of a create or update request; absent fields are left out of the JSON, so an
 * update changes only what it names. Component statuses go in {@code components} (the id in
 * {@code component_ids} only attaches the component; the map is what changes its status).
 */
public record IncidentWrite(
        String name,
        String status,
        String body,
        @JsonProperty("component_ids") List<String> componentIds,
        Map<String, String> components,
        @JsonProperty("deliver_notifications") Boolean deliverNotifications,
        ObjectNode metadata) {}
