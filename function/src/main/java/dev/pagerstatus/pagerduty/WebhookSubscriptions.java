package dev.pagerstatus.pagerduty;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pagerstatus.http.ApiException;
import dev.pagerstatus.http.ApiTransport;
import dev.pagerstatus.support.Json;
import dev.pagerstatus.support.Secret;
import dev.pagerstatus.support.Version;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * One PagerDuty account's V3 webhook subscriptions ({@code /webhook_subscriptions}), managed with a key that
 * may write them. The secret of a new subscription is in the create answer only, and is returned as a
 * {@link Secret}, which never prints. Creating is never repeated on a timeout: a second subscription would be
 * one more whose secret nobody kept.
 */
public final class WebhookSubscriptions {
    private static final String ACCEPT = "application/vnd.pagerduty+json;version=2";
    private static final int PAGE_SIZE = 100;

    private final String account;
    private final Secret key;
    private final URI baseUrl;
    private final ApiTransport transport;

    public WebhookSubscriptions(String account, Secret key, URI baseUrl, ApiTransport transport) {
        this.account = account;
        this.key = key;
        this.baseUrl = baseUrl;
        this.transport = transport;
    }

    public String account() {
        return account;
    }

    /** A subscription just created, with the secret PagerDuty will never show again. */
    public record Created(WebhookSubscription subscription, Secret secret) {}

    /** Every subscription of the scope, all pages. */
    public List<WebhookSubscription> list(WebhookSubscription.Scope scope) throws ApiException {
        return list(
                "filter_type=" + scope.kind().wire() + (scope.id() == null ? "" : "&filter_id=" + scope.id()) + "&");
    }

    /** Every subscription of the account, whatever its scope. */
    public List<WebhookSubscription> listAll() throws ApiException {
        return list("");
    }

    private List<WebhookSubscription> list(String filter) throws ApiException {
        List<WebhookSubscription> all = new ArrayList<>();
        for (int offset = 0; ; offset += PAGE_SIZE) {
            String query = filter + "limit=" + PAGE_SIZE + "&offset=" + offset;
            URI uri = URI.create(baseUrl + "/webhook_subscriptions?" + query);
            JsonNode body = transport.send(request(uri).GET().build(), ApiTransport.Repeat.SAFE);
            if (!body.path("webhook_subscriptions").isArray()) {
                throw malformed("GET", uri, "the response has no 'webhook_subscriptions' list");
            }
            for (JsonNode node : body.path("webhook_subscriptions")) {
                all.add(parse(node));
            }
            if (!body.path("more").asBoolean(false)
                    || body.path("webhook_subscriptions").isEmpty()) {
                return all;
            }
        }
    }

    public Created create(URI url, String description, Collection<String> events, WebhookSubscription.Scope scope)
            throws ApiException {
        ObjectNode subscription = Json.MAPPER.createObjectNode();
        subscription.put("type", "webhook_subscription");
        ObjectNode delivery = subscription.putObject("delivery_method");
        delivery.put("type", "http_delivery_method");
        delivery.put("url", url.toString());
        subscription.put("description", description);
        eventsOf(subscription, events);
        ObjectNode filter = subscription.putObject("filter");
        filter.put("type", scope.kind().reference());
        if (scope.id() != null) {
            filter.put("id", scope.id());
        }
        URI uri = URI.create(baseUrl + "/webhook_subscriptions");
        JsonNode answer = transport.send(post(uri, wrap(subscription)), ApiTransport.Repeat.ONLY_IF_NOT_ACTED_ON);
        JsonNode created = answer.path("webhook_subscription");
        String secret = created.path("delivery_method").path("secret").asText("");
        if (!created.isObject() || secret.isEmpty()) {
            throw malformed("POST", uri, "the answer has no subscription with its secret");
        }
        return new Created(parse(created), Secret.of(secret));
    }

    /** Sets the events and switches the subscription on ({@code PUT}; PagerDuty cannot change its URL). */
    public WebhookSubscription update(String id, Collection<String> events) throws ApiException {
        ObjectNode fields = Json.MAPPER.createObjectNode();
        eventsOf(fields, events);
        fields.put("active", true);
        return put(id, fields);
    }

    private WebhookSubscription put(String id, ObjectNode fields) throws ApiException {
        URI uri = URI.create(baseUrl + "/webhook_subscriptions/" + id);
        HttpRequest request = request(uri)
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(wrap(fields).toString()))
                .build();
        return parse(transport.send(request, ApiTransport.Repeat.SAFE).path("webhook_subscription"));
    }

    /** Sets the description ({@code PUT}), the one note a subscription can carry about itself. */
    public void describe(String id, String description) throws ApiException {
        ObjectNode fields = Json.MAPPER.createObjectNode();
        fields.put("description", description);
        put(id, fields);
    }

    /** Clears PagerDuty's temporary disable after failed deliveries. */
    public void enable(String id) throws ApiException {
        URI uri = URI.create(baseUrl + "/webhook_subscriptions/" + id + "/enable");
        transport.send(post(uri, null), ApiTransport.Repeat.SAFE);
    }

    /** Asks PagerDuty to deliver a {@code pagey.ping} test event. */
    public void ping(String id) throws ApiException {
        URI uri = URI.create(baseUrl + "/webhook_subscriptions/" + id + "/ping");
        transport.send(post(uri, null), ApiTransport.Repeat.ONLY_IF_NOT_ACTED_ON);
    }

    public void delete(String id) throws ApiException {
        URI uri = URI.create(baseUrl + "/webhook_subscriptions/" + id);
        transport.send(request(uri).DELETE().build(), ApiTransport.Repeat.SAFE);
    }

    static WebhookSubscription parse(JsonNode node) {
        JsonNode delivery = node.path("delivery_method");
        JsonNode filter = node.path("filter");
        List<String> events = new ArrayList<>();
        node.path("events").forEach(event -> events.add(event.asText()));
        String kind = filter.path("type").asText("account_reference").replace("_reference", "");
        WebhookSubscription.Scope.Kind scopeKind =
                WebhookSubscription.Scope.Kind.valueOf(kind.toUpperCase(java.util.Locale.ROOT));
        return new WebhookSubscription(
                node.path("id").asText(),
                URI.create(delivery.path("url").asText("")),
                node.path("description").asText(""),
                events,
                new WebhookSubscription.Scope(
                        scopeKind,
                        scopeKind == WebhookSubscription.Scope.Kind.ACCOUNT
                                ? null
                                : filter.path("id").asText()),
                node.path("active").asBoolean(true),
                delivery.path("temporarily_disabled").asBoolean(false));
    }

    private static void eventsOf(ObjectNode node, Collection<String> events) {
        ArrayNode array = node.putArray("events");
        events.forEach(array::add);
    }

    private static ObjectNode wrap(ObjectNode subscription) {
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.set("webhook_subscription", subscription);
        return body;
    }

    private HttpRequest post(URI uri, ObjectNode body) {
        HttpRequest.Builder builder = request(uri);
        if (body == null) {
            return builder.POST(HttpRequest.BodyPublishers.noBody()).build();
        }
        return builder.header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                .build();
    }

    private HttpRequest.Builder request(URI uri) {
        return transport
                .newRequest(uri)
                .header("Authorization", "Token token=" + key.reveal())
                .header("Accept", ACCEPT)
                .header("User-Agent", Version.userAgent());
    }

    private ApiException malformed(String method, URI uri, String detail) {
        return new ApiException(transport.vendorName(), method, ApiException.where(uri), 0, detail);
    }
}
