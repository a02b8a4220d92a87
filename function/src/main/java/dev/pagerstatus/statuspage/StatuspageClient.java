package dev.pagerstatus.statuspage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pagerstatus.http.ApiException;
import dev.pagerstatus.http.ApiTransport;
import dev.pagerstatus.support.Json;
import dev.pagerstatus.support.Secret;
import dev.pagerstatus.support.Timestamps;
import dev.pagerstatus.support.Version;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Statuspage REST API v1 for one page. Lists are always requested with {@code page}/{@code per_page}: since
 * 2020 an unpaginated components request is limited to one a minute, and since 2023 responses are capped at
 * 100 anyway. A list is read until a short page; one that does not end within {@value #MAX_PAGES} pages fails
 * rather than be cut short, because a missing incident would be opened a second time. The bound is the key's
 * budget, not Statuspage's: 5,000 components take 50 of its 60 requests a minute, leaving no room to write.
 */
public final class StatuspageClient {
    static final int PER_PAGE = 100;
    static final int MAX_PAGES = 50;

    private final String pageId;
    private final Secret apiKey;
    private final URI baseUrl;
    private final ApiTransport transport;

    public StatuspageClient(String pageId, Secret apiKey, URI baseUrl, ApiTransport transport) {
        this.pageId = pageId;
        this.apiKey = apiKey;
        this.baseUrl = baseUrl;
        this.transport = transport;
    }

    public String pageId() {
        return pageId;
    }

    /** Whether both clients use one key, and so one request budget. */
    public boolean sharesKeyWith(StatuspageClient other) {
        return apiKey.equals(other.apiKey);
    }

    public List<Component> listComponents() throws ApiException {
        return listAll("/components", StatuspageClient::component, Component::id);
    }

    public List<StatuspageIncident> listUnresolvedIncidents() throws ApiException {
        return listAll("/incidents/unresolved", StatuspageClient::incident, StatuspageIncident::id);
    }

    /** Scheduled maintenances in progress or verifying: the page's people own those components meanwhile. */
    public List<StatuspageIncident> listActiveMaintenances() throws ApiException {
        return listAll("/incidents/active_maintenance", StatuspageClient::incident, StatuspageIncident::id);
    }

    /**
     * The {@value #PER_PAGE} most recent incidents, resolved ones included (one request, no more): enough to
     * see the notices a person resolved lately while PagerDuty stayed open.
     */
    public List<StatuspageIncident> listRecentIncidents() throws ApiException {
        URI uri = URI.create(pagePath("/incidents") + "?page=1&limit=" + PER_PAGE);
        List<StatuspageIncident> incidents = new ArrayList<>();
        for (JsonNode item : list(uri, "incidents")) {
            StatuspageIncident incident = incident(item);
            if (incident != null) {
                incidents.add(incident);
            }
        }
        return incidents;
    }

    public StatuspageIncident createIncident(IncidentWrite incident) throws ApiException {
        HttpRequest request = request(pagePath("/incidents"))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body(incident)))
                .build();
        return written(request);
    }

    public StatuspageIncident updateIncident(String incidentId, IncidentWrite change) throws ApiException {
        HttpRequest request = request(pagePath("/incidents/" + incidentId))
                .method("PATCH", HttpRequest.BodyPublishers.ofByteArray(body(change)))
                .build();
        return written(request);
    }

    private StatuspageIncident written(HttpRequest request) throws ApiException {
        StatuspageIncident incident = incident(transport.send(request, ApiTransport.Repeat.ONLY_IF_NOT_ACTED_ON));
        if (incident == null) {
            throw new ApiException(
                    transport.vendorName(),
                    request.method(),
                    ApiException.where(request.uri()),
                    0,
                    "the answer is not an incident");
        }
        return incident;
    }

    private <T> List<T> listAll(String suffix, Function<JsonNode, T> parse, Function<T, String> id)
            throws ApiException {
        Map<String, T> items = new LinkedHashMap<>();
        for (int page = 1; page <= MAX_PAGES; page++) {
            URI uri = URI.create(pagePath(suffix) + "?page=" + page + "&per_page=" + PER_PAGE);
            JsonNode list = list(uri, suffix.substring(suffix.lastIndexOf('/') + 1));
            for (JsonNode item : list) {
                T parsed = parse.apply(item);
                if (parsed == null) {
                    throw new ApiException(
                            transport.vendorName(), "GET", ApiException.where(uri), 0, "an entry without an id");
                }
                items.putIfAbsent(id.apply(parsed), parsed);
            }
            if (list.size() < PER_PAGE) {
                return new ArrayList<>(items.values());
            }
        }
        throw new ApiException(
                transport.vendorName(),
                "GET",
                ApiException.where(pagePath(suffix)),
                0,
                "more than " + (MAX_PAGES * PER_PAGE) + " entries; refusing to work from a partial list (pagerstatus"
                        + " reads at most " + MAX_PAGES + " pages of " + PER_PAGE + ", most of a key's 60 requests"
                        + " a minute, so a page this large cannot be kept)");
    }

    private JsonNode list(URI uri, String what) throws ApiException {
        JsonNode list = transport.send(request(uri).GET().build(), ApiTransport.Repeat.SAFE);
        if (!list.isArray()) {
            throw new ApiException(
                    transport.vendorName(), "GET", ApiException.where(uri), 0, "expected a JSON list of " + what);
        }
        return list;
    }

    private HttpRequest.Builder request(URI uri) {
        return transport
                .newRequest(uri)
                .header("Authorization", "OAuth " + apiKey.reveal())
                .header("Accept", "application/json")
                .header("Content-Type", "application/json")
                .header("User-Agent", Version.userAgent());
    }

    private URI pagePath(String suffix) {
        return URI.create(baseUrl + "/pages/" + pageId + suffix);
    }

    private static byte[] body(IncidentWrite incident) {
        ObjectNode wrapper = Json.MAPPER.createObjectNode();
        wrapper.set("incident", Json.MAPPER.valueToTree(incident));
        return wrapper.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    static Component component(JsonNode node) {
        String id = node.path("id").asText("");
        if (id.isEmpty()) {
            return null;
        }
        return new Component(
                id,
                node.path("name").asText(id),
                ComponentStatus.fromWire(node.path("status").asText("")).orElse(null),
                node.path("group").asBoolean(false),
                node.path("group_id").isTextual()
                                && !node.path("group_id").asText().isEmpty()
                        ? node.path("group_id").asText()
                        : null);
    }

    static StatuspageIncident incident(JsonNode node) {
        String id = node.path("id").asText("");
        if (id.isEmpty()) {
            return null;
        }
        List<String> componentIds = new ArrayList<>();
        List<Component> components = new ArrayList<>();
        node.path("components").forEach(attached -> {
            Component component = component(attached);
            if (component != null) {
                componentIds.add(component.id());
                components.add(component);
            }
        });
        List<IncidentUpdate> updates = new ArrayList<>();
        node.path("incident_updates").forEach(update -> {
            List<String> affected = new ArrayList<>();
            update.path("affected_components").forEach(component -> {
                String code = component.path("code").asText("");
                if (!code.isEmpty()) {
                    affected.add(code);
                }
            });
            updates.add(new IncidentUpdate(
                    update.path("id").asText(""),
                    update.path("status").asText(""),
                    update.path("body").asText(""),
                    instant(update.path("created_at")),
                    affected));
        });
        JsonNode metadata = node.path("metadata");
        return new StatuspageIncident(
                id,
                node.path("name").asText(""),
                node.path("status").asText(""),
                instant(node.path("created_at")),
                instant(node.path("updated_at")),
                instant(node.path("resolved_at")),
                instant(node.path("scheduled_until")),
                node.path("shortlink").asText(""),
                componentIds,
                metadata.isObject() ? ((ObjectNode) metadata).deepCopy() : Json.MAPPER.createObjectNode(),
                updates,
                components);
    }

    private static Instant instant(JsonNode value) {
        return value.isTextual() ? Timestamps.parse(value.asText()) : null;
    }
}
