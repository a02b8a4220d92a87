package dev.pagerstatus.standin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.pagerstatus.support.HttpExchanges;
import dev.pagerstatus.support.Json;
import dev.pagerstatus.support.Log;
import dev.pagerstatus.support.Secret;
import dev.pagerstatus.webhook.WebhookSignature;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A stateful stand-in for PagerDuty on loopback, speaking its wire protocols: REST API v2 {@code GET /incidents}
 * (token auth, {@code statuses[]}, {@code include[]=first_trigger_log_entries}, classic offset pagination with
 * {@code more}, limit at most 100, offset + limit at most 10,000, and the silent one-month window when
 * {@code date_range=all} is missing), {@code GET}/{@code PUT /incidents/{id}}, the Events API v2
 * ({@code POST /v2/enqueue}) that monitoring tools use to trigger, acknowledge and resolve, the V3 webhook
 * subscriptions API ({@link SubscriptionsApi}; a read-only key may not use it), and V3 webhook deliveries
 * signed with each subscription's secret.
 */
public final class PagerDutyStandIn implements HttpHandler {
    private static final Pattern INCIDENT_PATH = Pattern.compile("/incidents/([A-Z0-9]+)");
    private static final Pattern NOTES_PATH = Pattern.compile("/incidents/([A-Z0-9]+)/notes");
    /** The account's priorities, most severe first, as {@code GET /priorities} would list them. */
    public static final List<String> PRIORITIES = List.of("P1", "P2", "P3", "P4", "P5");

    private static final Duration DEFAULT_WINDOW = Duration.ofDays(30);
    private static final int MAX_DELIVERIES_KEPT = 50;
    private static final String ULID_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

    /** An incident to seed: what a monitoring tool or a person created, and when; id and number optional. */
    public record IncidentSeed(
            String title,
            String status,
            Instant createdAt,
            JsonNode channel,
            String serviceId,
            String id,
            Integer number) {
        public IncidentSeed(String title, String status, Instant createdAt, JsonNode channel, String serviceId) {
            this(title, status, createdAt, channel, serviceId, null, null);
        }
    }

    /** The events a subscription made by {@link #subscribe} receives: every incident event pagerstatus reads. */
    public static final List<String> INCIDENT_EVENTS = List.of(
            "incident.triggered",
            "incident.acknowledged",
            "incident.unacknowledged",
            "incident.resolved",
            "incident.reopened",
            "incident.priority_updated",
            "incident.annotated");

    /**
     * A V3 webhook subscription: where deliveries go, the secret they are signed with (null: unsigned), the events
     * and scope ({@code filterType} {@code account_reference}, {@code service_reference} or
     * {@code team_reference}; {@code filterId} null for the account), and whether it delivers: {@code active}
     * is the owner's switch, {@code temporarilyDisabled} PagerDuty's after failed deliveries.
     */
    public record Subscription(
            String id,
            URI url,
            Secret secret,
            String description,
            List<String> events,
            String filterType,
            String filterId,
            boolean active,
            boolean temporarilyDisabled) {
        public Subscription {
            events = List.copyOf(events);
        }

        public Subscription(String id, URI url, Secret secret) {
            this(id, url, secret, "", INCIDENT_EVENTS, "account_reference", null, true, false);
        }

        /** Whether an event of this type about an incident of this service is delivered (teams: all of them). */
        boolean delivers(String eventType, String serviceId) {
            return active
                    && !temporarilyDisabled
                    && events.contains(eventType)
                    && (!filterType.equals("service_reference") || filterId.equals(serviceId));
        }
    }

    /** A webhook delivery as sent, and the status the receiver answered (0 when it could not be reached). */
    public record Delivery(
            Instant sentAt, String url, String webhookId, String eventType, String incidentId, int status) {}

    private static final class Account {
        final String name;
        final String apiKey;
        final Map<String, ObjectNode> incidents = new LinkedHashMap<>();
        final Map<String, ObjectNode> services = new LinkedHashMap<>();
        final List<Subscription> subscriptions = new ArrayList<>();
        final Map<String, List<ObjectNode>> notes = new LinkedHashMap<>();
        /** The account's log ({@code GET /log_entries}): triggers, status changes and notes, oldest first. */
        final List<ObjectNode> log = new ArrayList<>();
        /** Keys that may only GET incidents and logs, as a key ticked "Read-only API Key" is. */
        final Set<String> readOnlyKeys = new java.util.HashSet<>();
        /** Keys that may GET everything, subscriptions included, and write nothing. */
        final Set<String> listOnlyKeys = new java.util.HashSet<>();
        /** Keys refused every webhook subscription request, whatever else they may do. */
        final Set<String> noSubscriptionKeys = new java.util.HashSet<>();
        /** The users' e-mails a From header may name; empty: any e-mail is taken for a user's. */
        final Set<String> users = new java.util.HashSet<>();

        int nextNumber = 1000;

        Account(String name, String apiKey) {
            this.name = name;
            this.apiKey = apiKey;
        }
    }

    private final InstantSource clock;
    private final Random random = new Random(7);
    private final Map<String, Account> accountsByKey = new LinkedHashMap<>();
    private final Map<String, Account> accountsByName = new LinkedHashMap<>();
    private final Map<String, String[]> routingKeys = new LinkedHashMap<>();
    private final SubscriptionsApi subscriptionsApi = new SubscriptionsApi();
    /** The most recent deliveries, newest last; the demo page shows them. */
    private final Deque<Delivery> deliveries = new ArrayDeque<>();

    private final Executor webhookSender;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /**
     * {@code webhookSender} runs each webhook delivery. PagerDuty delivers after it answers the change that
     * caused it, so the demo uses a background thread; a test may deliver on the calling thread.
     */
    public PagerDutyStandIn(InstantSource clock, Executor webhookSender) {
        this.clock = clock;
        this.webhookSender = webhookSender;
    }

    public PagerDutyStandIn() {
        this(InstantSource.system(), backgroundSender());
    }

    /** One background thread, so deliveries keep their order as PagerDuty's do per subscription. */
    public static Executor backgroundSender() {
        return Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "standin-pagerduty-webhooks");
            thread.setDaemon(true);
            return thread;
        });
    }

    public synchronized void addAccount(String name, String apiKey) {
        Account account = new Account(name, apiKey);
        accountsByKey.put(apiKey, account);
        accountsByName.put(name, account);
        addService(name, "PSVC" + (accountsByName.size() * 100 + 1), "Default Service", null);
    }

    /** Another key for the account; a read-only one is refused every request but a GET, with 403. */
    public synchronized void addKey(String accountName, String apiKey, boolean readOnly) {
        Account account = account(accountName);
        accountsByKey.put(apiKey, account);
        if (readOnly) {
            account.readOnlyKeys.add(apiKey);
        }
    }

    /** Makes the account's first key read-only, as the README recommends for the key pagerstatus reads with. */
    public synchronized void readOnly(String accountName) {
        Account account = account(accountName);
        account.readOnlyKeys.add(account.apiKey);
    }

    /**
     * Another key for the account that may list webhook subscriptions but write nothing (403), as a read-only key
     * PagerDuty lets read subscriptions would: setup plans with it and fails at its first write.
     */
    public synchronized void addListOnlyKey(String accountName, String apiKey) {
        Account account = account(accountName);
        accountsByKey.put(apiKey, account);
        account.listOnlyKeys.add(apiKey);
    }

    /**
     * The account's first key may not read or manage webhook subscriptions (403), as a key of a user without the
     * role for them: the demo's reading keys, which its walk-through still uses to acknowledge incidents.
     */
    public synchronized void refuseSubscriptions(String accountName) {
        Account account = account(accountName);
        account.noSubscriptionKeys.add(account.apiKey);
    }

    /** A user of the account: once any is added, a From header must name one of them. */
    public synchronized void addUser(String accountName, String email) {
        account(accountName).users.add(email);
    }

    /** A service, and optionally the Events API v2 routing key of its integration. */
    public synchronized void addService(String accountName, String serviceId, String name, String routingKey) {
        Account account = account(accountName);
        ObjectNode service = Json.MAPPER.createObjectNode();
        service.put("id", serviceId);
        service.put("type", "service_reference");
        service.put("summary", name);
        service.put("self", "https://api.pagerduty.com/services/" + serviceId);
        service.put("html_url", "https://" + account.name + ".pagerduty.com/service-directory/" + serviceId);
        account.services.put(serviceId, service);
        if (routingKey != null) {
            routingKeys.put(routingKey, new String[] {accountName, serviceId});
        }
    }

    public synchronized void subscribe(String accountName, URI url, Secret secret) {
        subscribe(accountName, url, secret, "");
    }

    /** An account-scoped subscription to every incident event, as if made in PagerDuty's web UI. */
    public synchronized void subscribe(String accountName, URI url, Secret secret, String description) {
        Account account = account(accountName);
        String id = "PWH" + (account.subscriptions.size() + 1) + "X9K";
        account.subscriptions.add(new Subscription(
                id, url, secret, description, INCIDENT_EVENTS, "account_reference", null, true, false));
    }

    /** The account's webhook subscriptions as they stand, secrets included (the stand-in's own view). */
    public synchronized List<Subscription> subscriptions(String accountName) {
        return List.copyOf(account(accountName).subscriptions);
    }

    /** PagerDuty's switch after repeated failed deliveries: the subscription stops until it is enabled again. */
    public synchronized void disableTemporarily(String accountName, String subscriptionId) {
        List<Subscription> subscriptions = account(accountName).subscriptions;
        for (int i = 0; i < subscriptions.size(); i++) {
            Subscription old = subscriptions.get(i);
            if (old.id().equals(subscriptionId)) {
                subscriptions.set(
                        i,
                        new Subscription(
                                old.id(),
                                old.url(),
                                old.secret(),
                                old.description(),
                                old.events(),
                                old.filterType(),
                                old.filterId(),
                                old.active(),
                                true));
            }
        }
    }

    public synchronized ObjectNode addIncident(String accountName, IncidentSeed seed) {
        Account account = account(accountName);
        String serviceId = seed.serviceId() != null
                ? seed.serviceId()
                : account.services.keySet().iterator().next();
        if (seed.number() != null) {
            account.nextNumber = seed.number();
        }
        ObjectNode incident =
                newIncident(account, seed.title(), seed.status(), seed.createdAt(), seed.channel(), serviceId, null);
        if (seed.id() != null) {
            rename(incident, seed.id());
        }
        account.incidents.put(incident.path("id").asText(), incident);
        account.log.add(incident.path("first_trigger_log_entry").deepCopy());
        return incident.deepCopy();
    }

    private static void rename(ObjectNode incident, String id) {
        String old = incident.path("id").asText();
        String renamed = incident.toString().replace(old, id);
        ObjectNode copy = (ObjectNode) parse(renamed.getBytes(StandardCharsets.UTF_8));
        incident.removeAll();
        incident.setAll(copy);
    }

    /**
     * An Events API v2 event, as {@code POST /v2/enqueue} takes it; the demo's buttons use this directly.
     * Returns the HTTP status the API would answer.
     */
    public int enqueue(JsonNode event) {
        List<Runnable> sends = new ArrayList<>();
        int status;
        synchronized (this) {
            status = enqueue(HttpExchanges.toJson(event), sends).status();
        }
        sends.forEach(webhookSender::execute);
        return status;
    }

    /** Changes an incident's status the way a responder would, and sends the webhooks that follow. */
    public void setStatus(String accountName, String incidentId, String status) {
        List<Runnable> sends;
        synchronized (this) {
            ObjectNode incident = account(accountName).incidents.get(incidentId);
            if (incident == null) {
                throw new IllegalArgumentException("no incident " + incidentId + " in " + accountName);
            }
            sends = transition(account(accountName), incident, status);
        }
        sends.forEach(webhookSender::execute);
    }

    /** Sets an incident's priority ({@code P1}...{@code P5}, or null for none) as a responder would. */
    public void setPriority(String accountName, String incidentId, String priority) {
        List<Runnable> sends;
        synchronized (this) {
            ObjectNode incident = account(accountName).incidents.get(incidentId);
            if (incident == null || (priority != null && !PRIORITIES.contains(priority))) {
                throw new IllegalArgumentException("no incident " + incidentId + " or priority " + priority);
            }
            sends = prioritise(account(accountName), incident, priority);
        }
        sends.forEach(webhookSender::execute);
    }

    /** Adds a note to an incident as the responder {@code from} would; returns the note. */
    public ObjectNode addNote(String accountName, String incidentId, String content, String from) {
        List<Runnable> sends = new ArrayList<>();
        ObjectNode note;
        synchronized (this) {
            ObjectNode incident = account(accountName).incidents.get(incidentId);
            if (incident == null) {
                throw new IllegalArgumentException("no incident " + incidentId + " in " + accountName);
            }
            note = note(account(accountName), incident, content, from, sends);
        }
        sends.forEach(webhookSender::execute);
        return note.deepCopy();
    }

    public synchronized List<ObjectNode> notes(String accountName, String incidentId) {
        return account(accountName).notes.getOrDefault(incidentId, List.of()).stream()
                .map(ObjectNode::deepCopy)
                .toList();
    }

    public synchronized List<ObjectNode> incidents(String accountName) {
        return account(accountName).incidents.values().stream()
                .map(ObjectNode::deepCopy)
                .toList();
    }

    public synchronized List<String> accountNames() {
        return List.copyOf(accountsByName.keySet());
    }

    public synchronized List<Delivery> deliveries() {
        return List.copyOf(deliveries);
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = HttpExchanges.readBody(exchange, 1 << 20);
            List<Runnable> sends = new ArrayList<>();
            Answer answer;
            synchronized (this) {
                answer = answer(exchange, body == null ? new byte[0] : body, sends);
            }
            sends.forEach(webhookSender::execute);
            answer.headers()
                    .forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
            byte[] json = answer.body() == null ? new byte[0] : HttpExchanges.toJson(answer.body());
            HttpExchanges.respond(exchange, answer.status(), "application/json; charset=utf-8", json);
        }
    }

    record Answer(int status, Object body, Map<String, String> headers) {
        Answer(int status, Object body) {
            this(status, body, Map.of());
        }
    }

    private Answer answer(HttpExchange exchange, byte[] body, List<Runnable> sends) {
        String method = exchange.getRequestMethod();
        String path = HttpExchanges.relativePath(exchange);
        String query = exchange.getRequestURI().getRawQuery();
        if (method.equals("POST") && path.equals("/v2/enqueue")) {
            return enqueue(body, sends);
        }
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        String key = authorization != null && authorization.startsWith("Token token=")
                ? authorization.substring("Token token=".length())
                : null;
        Account account = key == null ? null : accountsByKey.get(key);
        if (account == null) {
            return new Answer(401, error("Unauthorized", 2006));
        }
        boolean subscriptions = path.startsWith("/webhook_subscriptions");
        boolean writes = !method.equals("GET");
        if ((subscriptions || writes) && account.readOnlyKeys.contains(key)
                || writes && account.listOnlyKeys.contains(key)
                || subscriptions && account.noSubscriptionKeys.contains(key)) {
            return new Answer(403, error("Access Denied", 2010, "This API key is read-only"));
        }
        Map<String, List<String>> params = HttpExchanges.query(query);
        if (subscriptions) {
            return subscriptionsApi
                    .answer(
                            method,
                            path,
                            params,
                            body,
                            account.subscriptions,
                            subscription -> sends.add(() -> ping(subscription)))
                    .orElseGet(() -> new Answer(404, error("Not Found", 2100)));
        }
        if (method.equals("GET") && path.equals("/incidents")) {
            return list(account, params);
        }
        if (method.equals("GET") && path.equals("/log_entries")) {
            return log(account, params);
        }
        Matcher notesPath = NOTES_PATH.matcher(path);
        if (notesPath.matches() && account.incidents.containsKey(notesPath.group(1))) {
            String incidentId = notesPath.group(1);
            if (method.equals("GET")) {
                return new Answer(200, Map.of("notes", account.notes.getOrDefault(incidentId, List.of())));
            }
            if (method.equals("POST")) {
                String from = exchange.getRequestHeaders().getFirst("From");
                if (from == null || !from.contains("@")) {
                    return new Answer(
                            400,
                            error(
                                    "You must specify a user's email address in the \"From\" header to perform"
                                            + " this action",
                                    2016));
                }
                if (!account.users.isEmpty() && !account.users.contains(from)) {
                    return new Answer(400, error("Requester User Not Found", 1008));
                }
                JsonNode request = parse(body);
                String content = request == null
                        ? ""
                        : request.path("note").path("content").asText("");
                if (content.isBlank()) {
                    return new Answer(400, error("Invalid Input Provided", 2001, "Note content can't be blank"));
                }
                ObjectNode note = note(account, account.incidents.get(incidentId), content, from, sends);
                return new Answer(200, Map.of("note", note));
            }
        }
        Matcher incidentPath = INCIDENT_PATH.matcher(path);
        if (incidentPath.matches() && account.incidents.containsKey(incidentPath.group(1))) {
            ObjectNode incident = account.incidents.get(incidentPath.group(1));
            if (method.equals("GET")) {
                return new Answer(200, Map.of("incident", render(incident, true)));
            }
            if (method.equals("PUT")) {
                JsonNode request = parse(body);
                JsonNode fields = request == null ? Json.MAPPER.missingNode() : request.path("incident");
                String status = fields.path("status").asText("");
                JsonNode priority = fields.path("priority");
                if (!status.isEmpty() && !Set.of("acknowledged", "resolved").contains(status)) {
                    return new Answer(
                            400, error("Invalid Input Provided", 2001, "status must be acknowledged or resolved"));
                }
                if (status.isEmpty() && priority.isMissingNode()) {
                    return new Answer(400, error("Invalid Input Provided", 2001, "nothing to update"));
                }
                if (!priority.isMissingNode()) {
                    String name = priority.isNull()
                            ? null
                            : priorityName(priority.path("id").asText(""));
                    if (!priority.isNull() && name == null) {
                        return new Answer(400, error("Invalid Input Provided", 2001, "Priority not found"));
                    }
                    sends.addAll(prioritise(account, incident, name));
                }
                if (!status.isEmpty()) {
                    sends.addAll(transition(account, incident, status));
                }
                return new Answer(200, Map.of("incident", render(incident, false)));
            }
        }
        return new Answer(404, error("Not Found", 2100));
    }

    private Answer list(Account account, Map<String, List<String>> params) {
        int limit = Integer.parseInt(HttpExchanges.first(params, "limit", "25"));
        int offset = Integer.parseInt(HttpExchanges.first(params, "offset", "0"));
        if (limit > 100) {
            return new Answer(400, error("Invalid Input Provided", 2001, "Limit must be at most 100."));
        }
        if (offset + limit > 10_000) {
            return new Answer(400, error("Invalid Input Provided", 2001, "Offset must be less than 10000."));
        }
        List<String> statuses = params.getOrDefault("statuses[]", List.of());
        boolean allDates = "all".equals(HttpExchanges.first(params, "date_range", ""));
        boolean withLogEntries = params.getOrDefault("include[]", List.of()).contains("first_trigger_log_entries");
        Instant windowStart = clock.instant().minus(DEFAULT_WINDOW);
        Comparator<ObjectNode> order = Comparator.comparingInt(
                incident -> incident.path("incident_number").asInt());
        if (HttpExchanges.first(params, "sort_by", "incident_number:asc").endsWith(":desc")) {
            order = order.reversed();
        }
        List<ObjectNode> matching = account.incidents.values().stream()
                .filter(incident -> statuses.isEmpty()
                        || statuses.contains(incident.path("status").asText()))
                // The trap: without date_range=all (or since/until) only the last month is listed.
                .filter(incident -> allDates
                        || params.containsKey("since")
                        || Instant.parse(incident.path("created_at").asText()).isAfter(windowStart))
                .sorted(order)
                .toList();
        ArrayNode page = Json.MAPPER.createArrayNode();
        matching.stream().skip(offset).limit(limit).forEach(incident -> page.add(render(incident, withLogEntries)));
        ObjectNode response = Json.MAPPER.createObjectNode();
        response.set("incidents", page);
        response.put("limit", limit);
        response.put("offset", offset);
        if ("true".equals(HttpExchanges.first(params, "total", "false"))) {
            response.put("total", matching.size());
        } else {
            response.putNull("total");
        }
        response.put("more", offset + limit < matching.size());
        return new Answer(200, response);
    }

    private Answer enqueue(byte[] body, List<Runnable> sends) {
        JsonNode event = parse(body);
        if (event == null) {
            return new Answer(
                    400,
                    Map.of(
                            "status",
                            "invalid event",
                            "message",
                            "Event object is invalid",
                            "errors",
                            List.of("JSON parse error")));
        }
        String[] route = routingKeys.get(event.path("routing_key").asText(""));
        if (route == null) {
            return new Answer(
                    400,
                    Map.of(
                            "status",
                            "invalid event",
                            "message",
                            "Event object is invalid",
                            "errors",
                            List.of("'routing_key' is invalid")));
        }
        Account account = account(route[0]);
        String action = event.path("event_action").asText("");
        String dedupKey = event.path("dedup_key").asText("");
        ObjectNode open = account.incidents.values().stream()
                .filter(incident -> !dedupKey.isEmpty()
                        && dedupKey.equals(incident.path("incident_key").asText()))
                .filter(incident -> !incident.path("status").asText().equals("resolved"))
                .findFirst()
                .orElse(null);
        switch (action) {
            case "trigger" -> {
                JsonNode payload = event.path("payload");
                if (payload.path("summary").asText("").isEmpty()
                        || payload.path("source").asText("").isEmpty()
                        || payload.path("severity").asText("").isEmpty()) {
                    return new Answer(
                            400,
                            Map.of(
                                    "status",
                                    "invalid event",
                                    "message",
                                    "Event object is invalid",
                                    "errors",
                                    List.of("payload.summary, payload.source and payload.severity are required")));
                }
                String key = dedupKey.isEmpty() ? UUID.randomUUID().toString().replace("-", "") : dedupKey;
                if (open == null) {
                    ObjectNode incident = newIncident(
                            account,
                            payload.path("summary").asText(),
                            "triggered",
                            clock.instant(),
                            eventsChannel(event, key),
                            route[1],
                            key);
                    account.incidents.put(incident.path("id").asText(), incident);
                    account.log.add(incident.path("first_trigger_log_entry").deepCopy());
                    sends.addAll(webhooks(account, incident, "incident.triggered"));
                }
                return accepted(key);
            }
            case "acknowledge", "resolve" -> {
                if (open != null) {
                    sends.addAll(transition(account, open, action.equals("resolve") ? "resolved" : "acknowledged"));
                }
                return accepted(dedupKey);
            }
            default -> {
                return new Answer(
                        400,
                        Map.of(
                                "status",
                                "invalid event",
                                "message",
                                "Event object is invalid",
                                "errors",
                                List.of("'event_action' must be trigger, acknowledge or resolve")));
            }
        }
    }

    private static Answer accepted(String dedupKey) {
        return new Answer(202, Map.of("status", "success", "message", "Event processed", "dedup_key", dedupKey));
    }

    private List<Runnable> prioritise(Account account, ObjectNode incident, String priority) {
        String previous = incident.path("priority").path("summary").asText(null);
        if (java.util.Objects.equals(previous, priority)) {
            return List.of();
        }
        if (priority == null) {
            incident.putNull("priority");
        } else {
            String id = "PPRIO" + priority.substring(1) + "A";
            ObjectNode reference = incident.putObject("priority");
            reference.put("id", id);
            reference.put("type", "priority_reference");
            reference.put("summary", priority);
            reference.put("self", "https://api.pagerduty.com/priorities/" + id);
            reference.put("html_url", "https://" + account.name + ".pagerduty.com/account/incident_priorities");
        }
        incident.put("updated_at", now().toString());
        return webhooks(account, incident, "incident.priority_updated");
    }

    private static String priorityName(String id) {
        return PRIORITIES.stream()
                .filter(name -> ("PPRIO" + name.substring(1) + "A").equals(id))
                .findFirst()
                .orElse(null);
    }

    private ObjectNode note(Account account, ObjectNode incident, String content, String from, List<Runnable> sends) {
        ObjectNode note = Json.MAPPER.createObjectNode();
        note.put("id", "P" + incidentId().substring(1, 7) + "N");
        ObjectNode user = note.putObject("user");
        user.put("id", "PU7H2DX");
        user.put("type", "user_reference");
        user.put("summary", from);
        user.put("self", "https://api.pagerduty.com/users/PU7H2DX");
        user.put("html_url", "https://" + account.name + ".pagerduty.com/users/PU7H2DX");
        note.putObject("channel").put("summary", "The PagerDuty website or APIs");
        note.put("content", content);
        note.put("created_at", now().toString());
        note.put("updated_at", now().toString());
        account.notes
                .computeIfAbsent(incident.path("id").asText(), id -> new ArrayList<>())
                .add(note);
        // As PagerDuty's own console reads it: the note's text in the entry's channel summary, and no note id.
        ObjectNode annotate = logEntry(account, incident, "annotate");
        annotate.set("agent", user.deepCopy());
        annotate.putObject("channel").put("type", "note").put("summary", content);
        account.log.add(annotate);
        for (Subscription subscription : account.subscriptions) {
            ObjectNode envelope = webhookEvent(account, incident, "incident.annotated");
            ObjectNode data = ((ObjectNode) envelope.path("event")).putObject("data");
            ObjectNode reference = data.putObject("incident");
            reference.put("html_url", incident.path("html_url").asText());
            reference.put("id", incident.path("id").asText());
            reference.put("self", incident.path("self").asText());
            reference.put("summary", incident.path("summary").asText());
            reference.put("type", "incident_reference");
            data.put("id", note.path("id").asText());
            data.put("content", content);
            data.put("trimmed", false);
            data.put("type", "incident_note");
            byte[] delivery = HttpExchanges.toJson(envelope);
            String webhookId = UUID.randomUUID().toString();
            String incidentId = incident.path("id").asText();
            sends.add(() -> deliver(subscription, delivery, webhookId, "incident.annotated", incidentId));
        }
        return note;
    }

    /** A log entry of {@code kind} ({@code acknowledge}, {@code resolve}, {@code annotate}, ...) on the incident. */
    private ObjectNode logEntry(Account account, ObjectNode incident, String kind) {
        String id = incident.path("id").asText();
        String entryId = "R" + incidentId().substring(1, 14) + "LOG";
        ObjectNode entry = Json.MAPPER.createObjectNode();
        entry.put("id", entryId);
        entry.put("type", kind + "_log_entry");
        entry.put("summary", kind.equals("annotate") ? "Note added" : "Status changed: " + kind);
        entry.put("self", "https://api.pagerduty.com/log_entries/" + entryId);
        entry.put("html_url", "https://" + account.name + ".pagerduty.com/incidents/" + id + "/log_entries/" + entryId);
        entry.put("created_at", now().toString());
        entry.set("service", incident.path("service").deepCopy());
        entry.putObject("channel").put("type", "web_trigger");
        ObjectNode reference = entry.putObject("incident");
        reference.put("id", id);
        reference.put("type", "incident_reference");
        reference.put("summary", incident.path("summary").asText());
        reference.put("self", "https://api.pagerduty.com/incidents/" + id);
        reference.put("html_url", incident.path("html_url").asText());
        entry.putArray("teams");
        entry.putArray("contexts");
        return entry;
    }

    /**
     * {@code GET /log_entries}: the account's log between {@code since} and {@code until}, newest first, with
     * classic pagination (at most 100 a page, and an offset below 10,000).
     */
    private Answer log(Account account, Map<String, List<String>> params) {
        int limit = Integer.parseInt(HttpExchanges.first(params, "limit", "25"));
        int offset = Integer.parseInt(HttpExchanges.first(params, "offset", "0"));
        if (limit > 100 || offset + limit > 10_000) {
            return new Answer(400, error("Invalid Input Provided", 2001, "Offset must be less than 10000."));
        }
        Instant since = Instant.parse(HttpExchanges.first(
                params, "since", clock.instant().minus(DEFAULT_WINDOW).toString()));
        Instant until = Instant.parse(HttpExchanges.first(
                params, "until", clock.instant().plusSeconds(1).toString()));
        List<ObjectNode> matching = account.log.stream()
                .filter(entry -> {
                    Instant at = Instant.parse(entry.path("created_at").asText());
                    return !at.isBefore(since) && at.isBefore(until);
                })
                .toList()
                .reversed();
        ArrayNode page = Json.MAPPER.createArrayNode();
        matching.stream().skip(offset).limit(limit).forEach(entry -> page.add(entry.deepCopy()));
        ObjectNode response = Json.MAPPER.createObjectNode();
        response.set("log_entries", page);
        response.put("limit", limit);
        response.put("offset", offset);
        response.putNull("total");
        response.put("more", offset + limit < matching.size());
        return new Answer(200, response);
    }

    private List<Runnable> transition(Account account, ObjectNode incident, String status) {
        String previous = incident.path("status").asText();
        if (previous.equals(status)) {
            return List.of();
        }
        Instant now = now();
        incident.put("status", status);
        incident.put("updated_at", now.toString());
        incident.put("last_status_change_at", now.toString());
        incident.put("resolved_at", status.equals("resolved") ? now.toString() : null);
        account.log.add(logEntry(
                account,
                incident,
                switch (status) {
                    case "acknowledged" -> "acknowledge";
                    case "resolved" -> "resolve";
                    default -> "unacknowledge";
                }));
        String eventType = switch (status) {
            case "acknowledged" -> "incident.acknowledged";
            case "resolved" -> "incident.resolved";
            default -> previous.equals("resolved") ? "incident.reopened" : "incident.unacknowledged";
        };
        return webhooks(account, incident, eventType);
    }

    private List<Runnable> webhooks(Account account, ObjectNode incident, String eventType) {
        List<Runnable> sends = new ArrayList<>();
        String serviceId = incident.path("service").path("id").asText();
        for (Subscription subscription : account.subscriptions) {
            if (!subscription.delivers(eventType, serviceId)) {
                continue;
            }
            byte[] body = HttpExchanges.toJson(webhookEvent(account, incident, eventType));
            String webhookId = UUID.randomUUID().toString();
            String incidentId = incident.path("id").asText();
            sends.add(() -> deliver(subscription, body, webhookId, eventType, incidentId));
        }
        return sends;
    }

    /** What {@code POST /webhook_subscriptions/{id}/ping} sends: a {@code pagey.ping} event. */
    private void ping(Subscription subscription) {
        ObjectNode envelope = Json.MAPPER.createObjectNode();
        ObjectNode event = envelope.putObject("event");
        synchronized (this) {
            event.put("id", ulid());
        }
        event.put("event_type", "pagey.ping");
        event.put("resource_type", "pagey");
        event.put("occurred_at", now().toString());
        event.putNull("agent");
        event.putNull("client");
        ObjectNode data = event.putObject("data");
        data.put("message", "Hello from your friend Pagey!");
        data.put("type", "ping");
        deliver(subscription, HttpExchanges.toJson(envelope), UUID.randomUUID().toString(), "pagey.ping", "");
    }

    private void deliver(
            Subscription subscription, byte[] body, String webhookId, String eventType, String incidentId) {
        HttpRequest.Builder request = HttpRequest.newBuilder(subscription.url())
                .timeout(Duration.ofSeconds(5))
                .header("Content-Type", "application/json")
                .header("User-Agent", "PagerDuty-Webhook/V3.0")
                .header("X-Webhook-Id", webhookId)
                .header("X-Webhook-Subscription", subscription.id())
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (subscription.secret() != null) {
            request.header("X-PagerDuty-Signature", WebhookSignature.sign(subscription.secret(), body));
        }
        int status = 0;
        try {
            status = http.send(request.build(), HttpResponse.BodyHandlers.discarding())
                    .statusCode();
        } catch (IOException e) {
            Log.warn("fake_pagerduty.delivery_failed", "url", subscription.url().toString(), "error", e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (this) {
            deliveries.addLast(
                    new Delivery(now(), subscription.url().toString(), webhookId, eventType, incidentId, status));
            while (deliveries.size() > MAX_DELIVERIES_KEPT) {
                deliveries.removeFirst();
            }
        }
    }

    private ObjectNode webhookEvent(Account account, ObjectNode incident, String eventType) {
        ObjectNode envelope = Json.MAPPER.createObjectNode();
        ObjectNode event = envelope.putObject("event");
        event.put("id", ulid());
        event.put("event_type", eventType);
        event.put("resource_type", "incident");
        event.put("occurred_at", now().toString());
        event.putNull("agent");
        event.putNull("client");
        ObjectNode data = event.putObject("data");
        String id = incident.path("id").asText();
        data.put("id", id);
        data.put("type", "incident");
        data.put("self", "https://api.pagerduty.com/incidents/" + id);
        data.put("html_url", "https://" + account.name + ".pagerduty.com/incidents/" + id);
        data.put("number", incident.path("incident_number").asInt());
        data.put("status", incident.path("status").asText());
        data.put("incident_key", incident.path("incident_key").asText());
        data.put("created_at", incident.path("created_at").asText());
        data.put("title", incident.path("title").asText());
        data.set("service", incident.path("service").deepCopy());
        data.putArray("assignees");
        data.set("escalation_policy", incident.path("escalation_policy").deepCopy());
        data.putArray("teams");
        data.set("priority", incident.path("priority").deepCopy());
        data.put("urgency", incident.path("urgency").asText("high"));
        data.putNull("conference_bridge");
        data.putNull("resolve_reason");
        return envelope;
    }

    private ObjectNode newIncident(
            Account account,
            String title,
            String status,
            Instant createdAt,
            JsonNode channel,
            String serviceId,
            String incidentKey) {
        String id = incidentId();
        int number = account.nextNumber++;
        String created = createdAt.truncatedTo(ChronoUnit.SECONDS).toString();
        ObjectNode service = account.services.get(serviceId).deepCopy();
        ObjectNode incident = Json.MAPPER.createObjectNode();
        incident.put("incident_number", number);
        incident.put("title", title);
        incident.put("description", title);
        incident.put("created_at", created);
        incident.put("updated_at", created);
        incident.put("status", status);
        incident.put(
                "incident_key",
                incidentKey != null ? incidentKey : UUID.randomUUID().toString().replace("-", ""));
        incident.set("service", service);
        incident.putArray("assignments");
        incident.put("assigned_via", "escalation_policy");
        incident.put("last_status_change_at", created);
        incident.putNull("resolved_at");
        ObjectNode logEntry = incident.putObject("first_trigger_log_entry");
        String logEntryId = "R" + incidentId().substring(1, 14) + "XYZ";
        logEntry.put("id", logEntryId);
        logEntry.put("type", "trigger_log_entry");
        logEntry.put(
                "summary",
                channel.path("type").asText().equals("email")
                        ? "Triggered through an email."
                        : "Triggered through the API.");
        logEntry.put("self", "https://api.pagerduty.com/log_entries/" + logEntryId);
        logEntry.put(
                "html_url",
                "https://" + account.name + ".pagerduty.com/incidents/" + id + "/log_entries/" + logEntryId);
        logEntry.put("created_at", created);
        logEntry.set("agent", service.deepCopy());
        logEntry.set("channel", channel.deepCopy());
        logEntry.set("service", service.deepCopy());
        ObjectNode reference = logEntry.putObject("incident");
        reference.put("id", id);
        reference.put("type", "incident_reference");
        reference.put("summary", "[#" + number + "] " + title);
        reference.put("self", "https://api.pagerduty.com/incidents/" + id);
        reference.put("html_url", "https://" + account.name + ".pagerduty.com/incidents/" + id);
        logEntry.putArray("teams");
        logEntry.putArray("contexts");
        logEntry.putObject("event_details").put("description", title);
        ObjectNode counts = incident.putObject("alert_counts");
        counts.put("all", 1);
        counts.put("triggered", status.equals("resolved") ? 0 : 1);
        counts.put("resolved", status.equals("resolved") ? 1 : 0);
        incident.putArray("pending_actions");
        incident.put("is_mergeable", true);
        incident.putObject("incident_type").put("name", "incident_default");
        ObjectNode policy = incident.putObject("escalation_policy");
        policy.put("id", "PEP1OPS");
        policy.put("type", "escalation_policy_reference");
        policy.put("summary", "Operations");
        policy.put("self", "https://api.pagerduty.com/escalation_policies/PEP1OPS");
        policy.put("html_url", "https://" + account.name + ".pagerduty.com/escalation_policies/PEP1OPS");
        incident.putArray("teams");
        incident.putArray("acknowledgements");
        incident.putNull("alert_grouping");
        incident.set("last_status_change_by", service.deepCopy());
        incident.putNull("priority");
        incident.putNull("resolve_reason");
        incident.putArray("incidents_responders");
        incident.putArray("responder_requests");
        incident.putArray("subscriber_requests");
        incident.put("urgency", "high");
        incident.put("id", id);
        incident.put("type", "incident");
        incident.put("summary", "[#" + number + "] " + title);
        incident.put("self", "https://api.pagerduty.com/incidents/" + id);
        incident.put("html_url", "https://" + account.name + ".pagerduty.com/incidents/" + id);
        return incident;
    }

    /** The REST form: with the full trigger log entry, or a reference to it as without the include. */
    private static ObjectNode render(ObjectNode incident, boolean withLogEntry) {
        ObjectNode copy = incident.deepCopy();
        if (!withLogEntry) {
            ObjectNode entry = (ObjectNode) incident.path("first_trigger_log_entry");
            ObjectNode reference = copy.putObject("first_trigger_log_entry");
            reference.put("id", entry.path("id").asText());
            reference.put("type", "trigger_log_entry_reference");
            reference.put("summary", entry.path("summary").asText());
            reference.put("self", entry.path("self").asText());
            reference.put("html_url", entry.path("html_url").asText());
        }
        return copy;
    }

    /** The {@code channel} PagerDuty stores for an Events API v2 trigger. */
    private static ObjectNode eventsChannel(JsonNode event, String dedupKey) {
        JsonNode payload = event.path("payload");
        JsonNode details = payload.path("custom_details").isObject()
                ? payload.path("custom_details")
                : Json.MAPPER.createObjectNode();
        ObjectNode channel = Json.MAPPER.createObjectNode();
        channel.put("type", "api");
        channel.put("summary", payload.path("summary").asText());
        channel.put("service_key", event.path("routing_key").asText());
        channel.put("description", payload.path("summary").asText());
        channel.put("incident_key", dedupKey);
        channel.set("details", details.deepCopy());
        ObjectNode cef = channel.putObject("cef_details");
        cef.put("client", event.path("client").asText(null));
        cef.put("client_url", event.path("client_url").asText(null));
        cef.putArray("contexts");
        cef.put("dedup_key", dedupKey);
        cef.put("description", payload.path("summary").asText());
        cef.set("details", details.deepCopy());
        cef.put("event_class", payload.path("class").asText(null));
        cef.put("severity", payload.path("severity").asText());
        cef.put("source_component", payload.path("component").asText(null));
        cef.put("source_origin", payload.path("source").asText());
        cef.put("version", "1.0");
        channel.put("client", event.path("client").asText(null));
        channel.put("client_url", event.path("client_url").asText(null));
        return channel;
    }

    private Account account(String name) {
        Account account = accountsByName.get(name);
        if (account == null) {
            throw new IllegalArgumentException("no account " + name);
        }
        return account;
    }

    static Map<String, Object> error(String message, int code, String... errors) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("message", message);
        error.put("code", code);
        if (errors.length > 0) {
            error.put("errors", List.of(errors));
        }
        return Map.of("error", error);
    }

    private static JsonNode parse(byte[] body) {
        try {
            return Json.MAPPER.readTree(body);
        } catch (IOException e) {
            return null;
        }
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    private String incidentId() {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
        StringBuilder id = new StringBuilder("Q");
        for (int i = 0; i < 13; i++) {
            id.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return id.toString();
    }

    private String ulid() {
        StringBuilder id = new StringBuilder();
        for (int i = 0; i < 26; i++) {
            id.append(ULID_ALPHABET.charAt(random.nextInt(ULID_ALPHABET.length())));
        }
        return id.toString();
    }
}
