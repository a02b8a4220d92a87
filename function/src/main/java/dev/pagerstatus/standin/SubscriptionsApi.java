package dev.pagerstatus.standin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pagerstatus.standin.PagerDutyStandIn.Answer;
import dev.pagerstatus.standin.PagerDutyStandIn.Subscription;
import dev.pagerstatus.support.HttpExchanges;
import dev.pagerstatus.support.Json;
import dev.pagerstatus.support.Secret;
import java.io.IOException;
import java.net.URI;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * PagerDuty's V3 webhook subscriptions API ({@code /webhook_subscriptions}) for one account: create (the only
 * answer that shows the secret), list (filtered by scope, classic pagination), get, update (never the delivery
 * method), enable, ping and delete; at most {@value #MAX_PER_SCOPE} subscriptions per scope.
 */
final class SubscriptionsApi {
    static final int MAX_PER_SCOPE = 10;
    private static final Pattern ONE = Pattern.compile("/webhook_subscriptions/([A-Z0-9]+)(/enable|/ping)?");
    private static final List<String> FILTER_TYPES =
            List.of("account_reference", "service_reference", "team_reference");

    private final SecureRandom random = new SecureRandom();
    private int nextId = 1;

    /** The answer to a request for {@code path}, or empty when the path is not this API's. */
    Optional<Answer> answer(
            String method,
            String path,
            Map<String, List<String>> params,
            byte[] body,
            List<Subscription> subscriptions,
            Consumer<Subscription> ping) {
        if (path.equals("/webhook_subscriptions")) {
            return Optional.of(
                    switch (method) {
                        case "GET" -> list(params, subscriptions);
                        case "POST" -> create(body, subscriptions);
                        default -> notAllowed();
                    });
        }
        Matcher one = ONE.matcher(path);
        if (!one.matches()) {
            return Optional.empty();
        }
        int index = indexOf(subscriptions, one.group(1));
        if (index < 0) {
            return Optional.of(new Answer(404, PagerDutyStandIn.error("Not Found", 2100)));
        }
        String action = one.group(2) == null ? "" : one.group(2);
        return Optional.of(
                switch (method + " " + action) {
                    case "GET " -> new Answer(200, wrap(subscriptions.get(index), false));
                    case "PUT " -> update(body, subscriptions, index);
                    case "DELETE " -> delete(subscriptions, index);
                    case "POST /enable" -> enable(subscriptions, index);
                    case "POST /ping" -> ping(subscriptions.get(index), ping);
                    default -> notAllowed();
                });
    }

    private Answer list(Map<String, List<String>> params, List<Subscription> subscriptions) {
        int limit = Integer.parseInt(HttpExchanges.first(params, "limit", "25"));
        int offset = Integer.parseInt(HttpExchanges.first(params, "offset", "0"));
        String type = HttpExchanges.first(params, "filter_type", "");
        String id = HttpExchanges.first(params, "filter_id", "");
        List<Subscription> matching = subscriptions.stream()
                .filter(subscription ->
                        type.isEmpty() || subscription.filterType().equals(type + "_reference"))
                .filter(subscription -> id.isEmpty() || id.equals(subscription.filterId()))
                .toList();
        ArrayNode page = Json.MAPPER.createArrayNode();
        matching.stream().skip(offset).limit(limit).forEach(subscription -> page.add(render(subscription, false)));
        ObjectNode response = Json.MAPPER.createObjectNode();
        response.set("webhook_subscriptions", page);
        response.put("limit", limit);
        response.put("offset", offset);
        response.put("total", matching.size());
        response.put("more", offset + limit < matching.size());
        return new Answer(200, response);
    }

    private Answer create(byte[] body, List<Subscription> subscriptions) {
        JsonNode request = parse(body).path("webhook_subscription");
        Optional<String> invalid = invalidCreate(request);
        if (invalid.isPresent()) {
            return invalid(invalid.get());
        }
        String filterType = request.path("filter").path("type").asText();
        String filterId = request.path("filter").path("id").asText(null);
        long inScope = subscriptions.stream()
                .filter(subscription -> subscription.filterType().equals(filterType)
                        && java.util.Objects.equals(subscription.filterId(), filterId))
                .count();
        if (inScope >= MAX_PER_SCOPE) {
            return new Answer(
                    400,
                    PagerDutyStandIn.error(
                            "Product Limit Reached",
                            2019,
                            "Webhook subscription limit exceeded for the selected scope"));
        }
        Subscription created = new Subscription(
                "PWS" + String.format("%04d", nextId++) + "K",
                URI.create(request.path("delivery_method").path("url").asText()),
                Secret.of(HexFormat.of().formatHex(randomBytes())),
                request.path("description").asText(""),
                events(request),
                filterType,
                filterId,
                request.path("active").asBoolean(true),
                false);
        subscriptions.add(created);
        return new Answer(200, wrap(created, true));
    }

    private static Optional<String> invalidCreate(JsonNode request) {
        JsonNode delivery = request.path("delivery_method");
        String url = delivery.path("url").asText("");
        if (!request.path("type").asText("webhook_subscription").equals("webhook_subscription")) {
            return Optional.of("type must be webhook_subscription");
        }
        if (!delivery.path("type").asText("").equals("http_delivery_method")
                || !(url.startsWith("http://") || url.startsWith("https://"))) {
            return Optional.of("delivery_method must be an http_delivery_method with a url");
        }
        return invalidEvents(request.path("events")).or(() -> invalidFilter(request.path("filter")));
    }

    private static Optional<String> invalidEvents(JsonNode events) {
        if (!events.isArray() || events.isEmpty()) {
            return Optional.of("events must list at least one event type");
        }
        List<String> seen = new ArrayList<>();
        events.forEach(event -> seen.add(event.asText()));
        return new HashSet<>(seen).size() == seen.size() ? Optional.empty() : Optional.of("events must be unique");
    }

    private static Optional<String> invalidFilter(JsonNode filter) {
        String type = filter.path("type").asText("");
        if (!FILTER_TYPES.contains(type)) {
            return Optional.of("filter.type must be one of " + FILTER_TYPES);
        }
        boolean hasId = !filter.path("id").asText("").isEmpty();
        if (type.equals("account_reference") == hasId) {
            return Optional.of("filter.id is required for service and team filters, and not allowed otherwise");
        }
        return Optional.empty();
    }

    private Answer update(byte[] body, List<Subscription> subscriptions, int index) {
        JsonNode request = parse(body).path("webhook_subscription");
        if (!request.isObject() || request.has("delivery_method")) {
            return invalid("an update takes description, events, filter or active; never delivery_method");
        }
        Subscription old = subscriptions.get(index);
        List<String> events = old.events();
        if (request.has("events")) {
            Optional<String> invalid = invalidEvents(request.path("events"));
            if (invalid.isPresent()) {
                return invalid(invalid.get());
            }
            events = events(request);
        }
        Subscription updated = new Subscription(
                old.id(),
                old.url(),
                old.secret(),
                request.path("description").asText(old.description()),
                events,
                old.filterType(),
                old.filterId(),
                request.path("active").asBoolean(old.active()),
                old.temporarilyDisabled());
        subscriptions.set(index, updated);
        return new Answer(200, wrap(updated, false));
    }

    private static Answer enable(List<Subscription> subscriptions, int index) {
        Subscription old = subscriptions.get(index);
        Subscription enabled = new Subscription(
                old.id(),
                old.url(),
                old.secret(),
                old.description(),
                old.events(),
                old.filterType(),
                old.filterId(),
                old.active(),
                false);
        subscriptions.set(index, enabled);
        return new Answer(200, wrap(enabled, false));
    }

    private static Answer ping(Subscription subscription, Consumer<Subscription> ping) {
        ping.accept(subscription);
        return new Answer(202, Json.MAPPER.createObjectNode());
    }

    private static Answer delete(List<Subscription> subscriptions, int index) {
        subscriptions.remove(index);
        return new Answer(204, null);
    }

    static ObjectNode render(Subscription subscription, boolean withSecret) {
        ObjectNode node = Json.MAPPER.createObjectNode();
        node.put("id", subscription.id());
        node.put("type", "webhook_subscription");
        node.put("active", subscription.active());
        ObjectNode delivery = node.putObject("delivery_method");
        delivery.put("id", subscription.id().replace("PWS", "PDM"));
        if (withSecret && subscription.secret() != null) {
            delivery.put("secret", subscription.secret().reveal());
        } else {
            delivery.putNull("secret");
        }
        delivery.put("temporarily_disabled", subscription.temporarilyDisabled());
        delivery.put("type", "http_delivery_method");
        delivery.put("url", subscription.url().toString());
        delivery.putArray("custom_headers");
        node.put("description", subscription.description());
        ArrayNode events = node.putArray("events");
        subscription.events().forEach(events::add);
        ObjectNode filter = node.putObject("filter");
        if (subscription.filterId() != null) {
            filter.put("id", subscription.filterId());
        }
        filter.put("type", subscription.filterType());
        return node;
    }

    private static Map<String, Object> wrap(Subscription subscription, boolean withSecret) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("webhook_subscription", render(subscription, withSecret));
        return body;
    }

    private static List<String> events(JsonNode request) {
        List<String> events = new ArrayList<>();
        request.path("events").forEach(event -> events.add(event.asText()));
        return List.copyOf(events);
    }

    private static int indexOf(List<Subscription> subscriptions, String id) {
        for (int i = 0; i < subscriptions.size(); i++) {
            if (subscriptions.get(i).id().equals(id)) {
                return i;
            }
        }
        return -1;
    }

    private byte[] randomBytes() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return bytes;
    }

    private static JsonNode parse(byte[] body) {
        try {
            JsonNode node = Json.MAPPER.readTree(body);
            return node == null ? Json.MAPPER.missingNode() : node;
        } catch (IOException e) {
            return Json.MAPPER.missingNode();
        }
    }

    private static Answer invalid(String why) {
        return new Answer(400, PagerDutyStandIn.error("Invalid Input Provided", 2001, why));
    }

    private static Answer notAllowed() {
        return new Answer(405, PagerDutyStandIn.error("Method Not Allowed", 2000));
    }
}
