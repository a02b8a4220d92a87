package dev.pagerstatus.standin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.pagerstatus.statuspage.ComponentStatus;
import dev.pagerstatus.support.HttpExchanges;
import dev.pagerstatus.support.Json;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A stateful stand-in for the Statuspage REST API v1, speaking its wire protocol on loopback: OAuth-style key
 * header, {@code page}/{@code per_page} pagination capped at 100, JSON {@code {"incident": {...}}} bodies,
 * incident updates newest first, component statuses changed through an incident's {@code components} map,
 * 422 for invalid bodies and 420 with {@code Retry-After} past 60 requests in a rolling minute. The end-to-end
 * tests, the benchmarks and {@code pagerstatus demo} all run against it.
 */
public final class StatuspageStandIn implements HttpHandler {
    private static final Pattern PAGE_PATH = Pattern.compile("/pages/([^/]+)(/.*)");
    private static final Pattern INCIDENT_PATH = Pattern.compile("/incidents/([a-z0-9]+)");
    private static final Set<String> REALTIME_STATUSES =
            Set.of("investigating", "identified", "monitoring", "resolved");
    private static final int MAX_PER_PAGE = 100;

    private static final Set<String> ACTIVE_MAINTENANCE = Set.of("in_progress", "verifying");

    private final String pageId;
    private final String apiKey;
    private final InstantSource clock;
    private final Random random;
    private final Map<String, ObjectNode> components = new LinkedHashMap<>();
    private final Map<String, ObjectNode> incidents = new LinkedHashMap<>();
    private final RateWindow window;

    public StatuspageStandIn(String pageId, String apiKey, InstantSource clock) {
        this(pageId, apiKey, clock, new RateWindow());
    }

    public StatuspageStandIn(String pageId, String apiKey) {
        this(pageId, apiKey, InstantSource.system());
    }

    private StatuspageStandIn(String pageId, String apiKey, InstantSource clock, RateWindow window) {
        this.pageId = pageId;
        this.apiKey = apiKey;
        this.clock = clock;
        this.window = window;
        this.random = new Random(pageId.hashCode());
    }

    /**
     * Another page of the same organisation, reached with the same key: Statuspage's budget is the key's, so the
     * two pages share one rolling window.
     */
    public StatuspageStandIn sibling(String otherPageId) {
        return new StatuspageStandIn(otherPageId, apiKey, clock, window);
    }

    public String pageId() {
        return pageId;
    }

    /** 0 turns the rate limit off (benchmarks measure the client, not the limit). */
    public void requestsPerMinute(int limit) {
        window.limit(limit);
    }

    /** The requests a key may make in a rolling minute, shared by every page that key reaches. */
    private static final class RateWindow {
        private final Deque<Instant> requests = new ArrayDeque<>();
        private int limit = 60;

        synchronized void limit(int perMinute) {
            this.limit = perMinute;
        }

        /** Counts a request at {@code now}; the seconds to wait when it is one too many. */
        synchronized long admit(Instant now) {
            if (limit <= 0) {
                return 0;
            }
            while (!requests.isEmpty() && !requests.peekFirst().isAfter(now.minusSeconds(60))) {
                requests.removeFirst();
            }
            if (requests.size() >= limit) {
                return Math.max(
                        1,
                        Duration.between(now, requests.peekFirst().plusSeconds(60))
                                .toSeconds());
            }
            requests.addLast(now);
            return 0;
        }
    }

    public synchronized void addComponent(String id, String name) {
        addComponent(id, name, null, false);
    }

    public synchronized void addComponent(String id, String name, String groupId, boolean group) {
        ObjectNode component = Json.MAPPER.createObjectNode();
        Instant now = now();
        component.put("id", id);
        component.put("page_id", pageId);
        component.put("group_id", groupId);
        component.put("created_at", now.toString());
        component.put("updated_at", now.toString());
        component.put("group", group);
        component.put("name", name);
        component.putNull("description");
        component.put("position", components.size() + 1);
        component.put("status", ComponentStatus.OPERATIONAL.wireValue());
        component.put("showcase", true);
        component.put("only_show_if_degraded", false);
        component.put("automation_email", "component+" + id + "@notifications.statuspage.io");
        component.putNull("start_date");
        components.put(id, component);
    }

    /** Seeds components from a {@code GET /components} response body. */
    public synchronized void addComponents(JsonNode list) {
        for (JsonNode component : list) {
            components.put(component.path("id").asText(), ((ObjectNode) component).deepCopy());
        }
    }

    /** Seeds an incident as Statuspage would return it (a human's, or one the Python tool opened). */
    public synchronized void addIncident(ObjectNode incident) {
        incidents.put(incident.path("id").asText(), incident.deepCopy());
    }

    /** Takes an incident off the page entirely, as if it had never been opened (benchmarks reset with it). */
    public synchronized void removeIncident(String incidentId) {
        incidents.remove(incidentId);
    }

    public synchronized ObjectNode incident(String incidentId) {
        return incidents.get(incidentId).deepCopy();
    }

    /**
     * A scheduled maintenance, in progress unless {@code status} says otherwise, on {@code componentIds}; with
     * {@code underMaintenance} it sets them to {@code under_maintenance}, as Statuspage's automatic transition
     * does. Returns its id.
     */
    public synchronized String addMaintenance(
            String name, List<String> componentIds, Instant from, Instant until, boolean underMaintenance) {
        ObjectNode maintenance = Json.MAPPER.createObjectNode();
        String id = newId();
        Instant now = now();
        maintenance.put("id", id);
        maintenance.putArray("components");
        maintenance.put("created_at", now.minus(Duration.ofDays(1)).toString());
        maintenance.put("impact", "maintenance");
        maintenance.putArray("incident_updates");
        maintenance.set("metadata", Json.MAPPER.createObjectNode());
        maintenance.put("name", name);
        maintenance.put("page_id", pageId);
        maintenance.putNull("resolved_at");
        maintenance.put("scheduled_for", from.toString());
        maintenance.put("scheduled_until", until.toString());
        maintenance.put("scheduled_auto_in_progress", true);
        maintenance.put("scheduled_auto_completed", true);
        maintenance.put("auto_transition_to_maintenance_state", underMaintenance);
        maintenance.put("auto_transition_to_operational_state", underMaintenance);
        maintenance.put("shortlink", "https://stspg.io/" + id.substring(0, 9));
        maintenance.put("status", "in_progress");
        maintenance.put("updated_at", now.toString());
        attach(maintenance, Json.MAPPER.valueToTree(componentIds));
        if (underMaintenance) {
            ObjectNode statuses = Json.MAPPER.createObjectNode();
            componentIds.forEach(componentId -> statuses.put(componentId, "under_maintenance"));
            applyComponentStatuses(maintenance, statuses);
        }
        addUpdate(
                maintenance,
                "in_progress",
                "Scheduled maintenance is currently in progress.",
                Json.MAPPER.createArrayNode(),
                true);
        incidents.put(id, maintenance);
        return id;
    }

    /** Completes a maintenance, and sets its components back to operational if it set them under maintenance. */
    public synchronized void completeMaintenance(String id) {
        ObjectNode maintenance = incidents.get(id);
        maintenance.put("status", "completed");
        maintenance.put("resolved_at", now().toString());
        maintenance.put("updated_at", now().toString());
        if (maintenance.path("auto_transition_to_operational_state").asBoolean()) {
            ObjectNode statuses = Json.MAPPER.createObjectNode();
            maintenance
                    .path("components")
                    .forEach(component -> statuses.put(component.path("id").asText(), "operational"));
            applyComponentStatuses(maintenance, statuses);
        }
        addUpdate(
                maintenance,
                "completed",
                "The scheduled maintenance has been completed.",
                Json.MAPPER.createArrayNode(),
                true);
    }

    /**
     * A person's update in the Statuspage UI: the status (unchanged when null), and words of their own.
     */
    public synchronized void personUpdate(String incidentId, String status, String body) {
        ObjectNode incident = incidents.get(incidentId);
        String newStatus = status == null ? incident.path("status").asText() : status;
        incident.put("status", newStatus);
        Instant now = now();
        if (newStatus.equals("resolved")) {
            incident.put("resolved_at", now.toString());
        }
        incident.put("updated_at", now.toString());
        addUpdate(incident, newStatus, body, Json.MAPPER.createArrayNode(), true);
    }

    /** A person sets a component's status by hand, as in the Statuspage UI's component list. */
    public synchronized void setComponentStatus(String componentId, String status) {
        components.get(componentId).put("status", status);
        components.get(componentId).put("updated_at", now().toString());
    }

    /** A person renames an incident in the Statuspage UI. */
    public synchronized void personRename(String incidentId, String name) {
        ObjectNode incident = incidents.get(incidentId);
        incident.put("name", name);
        incident.put("updated_at", now().toString());
    }

    public synchronized List<ObjectNode> components() {
        return components.values().stream().map(ObjectNode::deepCopy).toList();
    }

    public synchronized List<ObjectNode> incidents() {
        return newestFirst(incidents.values().stream()).stream()
                .map(ObjectNode::deepCopy)
                .toList();
    }

    public synchronized List<ObjectNode> unresolvedIncidents() {
        return newestFirst(incidents.values().stream().filter(StatuspageStandIn::unresolved)).stream()
                .map(ObjectNode::deepCopy)
                .toList();
    }

    public synchronized String componentStatus(String componentId) {
        return components.get(componentId).path("status").asText();
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = HttpExchanges.readBody(exchange, 1 << 20);
            Answer answer;
            synchronized (this) {
                answer = answer(exchange, body == null ? new byte[0] : body);
            }
            answer.headers()
                    .forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
            HttpExchanges.respond(
                    exchange,
                    answer.status(),
                    "application/json; charset=utf-8",
                    answer.body() == null ? new byte[0] : HttpExchanges.toJson(answer.body()));
        }
    }

    private record Answer(int status, Object body, Map<String, String> headers) {
        Answer(int status, Object body) {
            this(status, body, Map.of());
        }
    }

    private Answer answer(HttpExchange exchange, byte[] body) {
        String method = exchange.getRequestMethod();
        String path = HttpExchanges.relativePath(exchange);
        String query = exchange.getRequestURI().getRawQuery();
        long wait = window.admit(now());
        if (wait > 0) {
            return new Answer(420, Map.of("error", "Rate limit exceeded"), Map.of("Retry-After", String.valueOf(wait)));
        }
        if (!("OAuth " + apiKey).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
            return new Answer(401, Map.of("error", "Could not authenticate"));
        }
        Matcher page = PAGE_PATH.matcher(path);
        if (!page.matches() || !page.group(1).equals(pageId)) {
            return notFound();
        }
        String below = page.group(2).replaceFirst("\\.json$", "");
        var params = HttpExchanges.query(query);
        Matcher incident = INCIDENT_PATH.matcher(below);
        return switch (method + " " + below) {
            case "GET /components" -> new Answer(200, page(List.copyOf(components.values()), params));
            case "GET /incidents/unresolved" ->
                new Answer(
                        200,
                        page(newestFirst(incidents.values().stream().filter(StatuspageStandIn::unresolved)), params));
            case "GET /incidents/active_maintenance" ->
                new Answer(
                        200,
                        page(
                                newestFirst(incidents.values().stream()
                                        .filter(candidate -> ACTIVE_MAINTENANCE.contains(
                                                candidate.path("status").asText()))),
                                params));
            case "GET /incidents" -> new Answer(200, limited(newestFirst(incidents.values().stream()), params));
            case "POST /incidents" -> create(body);
            default -> {
                if (incident.matches() && incidents.containsKey(incident.group(1))) {
                    ObjectNode existing = incidents.get(incident.group(1));
                    yield switch (method) {
                        case "GET" -> new Answer(200, existing);
                        case "PATCH", "PUT" -> update(existing, body);
                        default -> new Answer(405, Map.of("error", "Method not allowed"));
                    };
                }
                yield notFound();
            }
        };
    }

    private Answer create(byte[] body) {
        JsonNode request = parse(body);
        if (request == null || !request.path("incident").isObject()) {
            return new Answer(400, Map.of("error", "Expected a JSON body {\"incident\": {...}}"));
        }
        JsonNode fields = request.path("incident");
        String problem = validate(fields, true);
        if (problem != null) {
            return new Answer(422, Map.of("error", List.of(problem)));
        }
        Instant now = now();
        ObjectNode incident = Json.MAPPER.createObjectNode();
        String id = newId();
        incident.put("id", id);
        incident.putArray("components");
        incident.put("created_at", now.toString());
        incident.put("impact", "none");
        incident.putNull("impact_override");
        incident.putArray("incident_updates");
        incident.set(
                "metadata",
                fields.has("metadata") ? fields.get("metadata").deepCopy() : Json.MAPPER.createObjectNode());
        incident.putNull("monitoring_at");
        incident.put("name", fields.path("name").asText());
        incident.put("page_id", pageId);
        incident.putNull("postmortem_body");
        incident.putNull("postmortem_published_at");
        incident.putNull("reminder_intervals");
        incident.putNull("resolved_at");
        incident.putNull("scheduled_for");
        incident.putNull("scheduled_until");
        incident.put("shortlink", "https://stspg.io/" + id.substring(0, 9));
        incident.put("started_at", now.toString());
        incident.put("status", fields.path("status").asText("investigating"));
        incident.put("updated_at", now.toString());
        attach(incident, fields.path("component_ids"));
        ArrayNode affected = applyComponentStatuses(incident, fields.path("components"));
        addUpdate(
                incident,
                incident.path("status").asText(),
                fields.path("body").asText(""),
                affected,
                fields.path("deliver_notifications").asBoolean(true));
        incidents.put(id, incident);
        return new Answer(201, incident);
    }

    private Answer update(ObjectNode incident, byte[] body) {
        JsonNode request = parse(body);
        if (request == null || !request.path("incident").isObject()) {
            return new Answer(400, Map.of("error", "Expected a JSON body {\"incident\": {...}}"));
        }
        JsonNode fields = request.path("incident");
        String problem = validate(fields, false);
        if (problem != null) {
            return new Answer(422, Map.of("error", List.of(problem)));
        }
        if (fields.has("name")) {
            incident.put("name", fields.path("name").asText());
        }
        if (fields.has("metadata")) {
            incident.set("metadata", fields.get("metadata").deepCopy());
        }
        if (fields.has("component_ids")) {
            incident.putArray("components");
            attach(incident, fields.path("component_ids"));
        }
        ArrayNode affected = applyComponentStatuses(incident, fields.path("components"));
        String oldStatus = incident.path("status").asText();
        String newStatus = fields.path("status").asText(oldStatus);
        boolean statusChanged = !newStatus.equals(oldStatus);
        if (statusChanged || fields.has("body") || !affected.isEmpty()) {
            incident.put("status", newStatus);
            addUpdate(
                    incident,
                    newStatus,
                    fields.path("body").asText(""),
                    affected,
                    fields.path("deliver_notifications").asBoolean(true));
        }
        Instant now = now();
        if (statusChanged && newStatus.equals("resolved")) {
            incident.put("resolved_at", now.toString());
        }
        if (statusChanged && newStatus.equals("monitoring")) {
            incident.put("monitoring_at", now.toString());
        }
        incident.put("updated_at", now.toString());
        return new Answer(200, incident);
    }

    private String validate(JsonNode fields, boolean creating) {
        if (creating && fields.path("name").asText("").isBlank()) {
            return "Name can't be blank";
        }
        if (fields.path("name").asText("").length() > 255) {
            return "Name is too long (maximum is 255 characters)";
        }
        if (fields.has("status")
                && !REALTIME_STATUSES.contains(fields.path("status").asText())) {
            return "Status is not included in the list";
        }
        if (fields.path("body").asText("").length() > 25_000) {
            return "Body is too long (maximum is 25000 characters)";
        }
        if (fields.has("component_ids")) {
            if (!fields.path("component_ids").isArray()) {
                return "Component ids must be a list";
            }
            for (JsonNode id : fields.path("component_ids")) {
                if (!components.containsKey(id.asText())) {
                    return "Component " + id.asText() + " does not exist";
                }
            }
        }
        if (fields.has("components")) {
            if (!fields.path("components").isObject()) {
                return "Components must be a map of component id to status";
            }
            for (var entry : fields.path("components").properties()) {
                if (!components.containsKey(entry.getKey())) {
                    return "Component " + entry.getKey() + " does not exist";
                }
                if (ComponentStatus.fromWire(entry.getValue().asText()).isEmpty()) {
                    return "Component status " + entry.getValue().asText() + " is not valid";
                }
            }
        }
        if (fields.has("metadata")) {
            if (!fields.path("metadata").isObject()) {
                return "Metadata must be an object";
            }
            for (var entry : fields.path("metadata").properties()) {
                if (!entry.getValue().isObject()) {
                    return "Metadata top level values must be objects";
                }
            }
        }
        return null;
    }

    private void attach(ObjectNode incident, JsonNode componentIds) {
        ArrayNode attached = (ArrayNode) incident.path("components");
        for (JsonNode id : componentIds) {
            ObjectNode component = components.get(id.asText());
            boolean present = false;
            for (JsonNode existing : attached) {
                present |= existing.path("id").asText().equals(id.asText());
            }
            if (component != null && !present) {
                attached.add(component.deepCopy());
            }
        }
    }

    /** The incident, its attached components showing their status now, as Statuspage's listings do. */
    private ObjectNode withCurrentComponents(ObjectNode incident) {
        JsonNode attached = incident.path("components");
        for (int i = 0; attached.isArray() && i < attached.size(); i++) {
            ObjectNode current = components.get(attached.get(i).path("id").asText());
            if (current != null) {
                ((ArrayNode) attached).set(i, current.deepCopy());
            }
        }
        return incident;
    }

    private ArrayNode applyComponentStatuses(ObjectNode incident, JsonNode statuses) {
        ArrayNode affected = Json.MAPPER.createArrayNode();
        if (!statuses.isObject()) {
            return affected;
        }
        for (var entry : statuses.properties()) {
            ObjectNode component = components.get(entry.getKey());
            ObjectNode change = affected.addObject();
            change.put("code", entry.getKey());
            change.put("name", component.path("name").asText());
            change.put("old_status", component.path("status").asText());
            change.put("new_status", entry.getValue().asText());
            component.put("status", entry.getValue().asText());
            component.put("updated_at", now().toString());
        }
        // Attached copies show the component's current status, as Statuspage's do.
        ArrayNode attached = (ArrayNode) incident.path("components");
        for (int i = 0; i < attached.size(); i++) {
            ObjectNode current = components.get(attached.get(i).path("id").asText());
            if (current != null) {
                attached.set(i, current.deepCopy());
            }
        }
        incident.put("impact", impact());
        return affected;
    }

    private String impact() {
        int worst = 0;
        for (ObjectNode component : components.values()) {
            worst = Math.max(
                    worst,
                    switch (component.path("status").asText()) {
                        case "major_outage" -> 3;
                        case "partial_outage" -> 2;
                        case "degraded_performance" -> 1;
                        default -> 0;
                    });
        }
        return List.of("none", "minor", "major", "critical").get(worst);
    }

    private void addUpdate(ObjectNode incident, String status, String body, ArrayNode affected, boolean notify) {
        Instant now = now();
        ObjectNode update = Json.MAPPER.createObjectNode();
        update.put("id", newId());
        update.put("incident_id", incident.path("id").asText());
        update.set("affected_components", affected.isEmpty() ? null : affected);
        update.put("body", body);
        update.put("created_at", now.toString());
        update.putNull("custom_tweet");
        update.put("deliver_notifications", notify);
        update.put("display_at", now.toString());
        update.put("status", status);
        update.putNull("tweet_id");
        update.putNull("twitter_updated_at");
        update.put("updated_at", now.toString());
        update.put("wants_twitter_update", false);
        // Newest first, as Statuspage lists them.
        ((ArrayNode) incident.path("incident_updates")).insert(0, update);
    }

    private static boolean unresolved(ObjectNode incident) {
        return !Set.of("resolved", "postmortem", "completed")
                .contains(incident.path("status").asText());
    }

    private List<ObjectNode> newestFirst(java.util.stream.Stream<ObjectNode> incidents) {
        return incidents
                .map(this::withCurrentComponents)
                .sorted(Comparator.comparing((ObjectNode incident) ->
                                Instant.parse(incident.path("created_at").asText()))
                        .reversed())
                .toList();
    }

    private static ArrayNode page(List<ObjectNode> all, Map<String, List<String>> params) {
        int page = Math.max(1, Integer.parseInt(HttpExchanges.first(params, "page", "1")));
        int perPage =
                Math.min(MAX_PER_PAGE, Math.max(1, Integer.parseInt(HttpExchanges.first(params, "per_page", "100"))));
        ArrayNode list = Json.MAPPER.createArrayNode();
        all.stream().skip((long) (page - 1) * perPage).limit(perPage).forEach(list::add);
        return list;
    }

    /** {@code GET /incidents} pages with {@code limit} (at most 100) and {@code page}, unlike the other lists. */
    private static ArrayNode limited(List<ObjectNode> all, Map<String, List<String>> params) {
        int page = Math.max(1, Integer.parseInt(HttpExchanges.first(params, "page", "1")));
        int limit = Math.min(MAX_PER_PAGE, Math.max(1, Integer.parseInt(HttpExchanges.first(params, "limit", "100"))));
        ArrayNode list = Json.MAPPER.createArrayNode();
        all.stream().skip((long) (page - 1) * limit).limit(limit).forEach(list::add);
        return list;
    }

    private static JsonNode parse(byte[] body) {
        try {
            return Json.MAPPER.readTree(body);
        } catch (IOException e) {
            return null;
        }
    }

    private static Answer notFound() {
        return new Answer(404, Map.of("error", "The requested resource could not be found."));
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    private String newId() {
        String alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
        StringBuilder id = new StringBuilder();
        for (int i = 0; i < 12; i++) {
            id.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return id.toString();
    }
}
