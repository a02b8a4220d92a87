package dev.pagerstatus.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pagerstatus.config.ConfigException;
import dev.pagerstatus.config.ConfigUnavailableException;
import dev.pagerstatus.support.Json;
import dev.pagerstatus.support.Log;
import dev.pagerstatus.support.Version;
import dev.pagerstatus.sync.SyncRequest;
import dev.pagerstatus.sync.SyncTrigger;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Receives PagerDuty webhooks on {@code POST /<account>} and answers before any sync runs: a webhook only says
 * "something changed", and the pass it asks for re-reads PagerDuty anyway. Answering fast matters, because
 * PagerDuty waits 5 seconds and disables a subscription after three failed deliveries in a row.
 *
 * <p>Order of checks: route and account (404), size (413), content type (415), then, for accounts with a
 * webhook secret, the signature over the raw bytes (401) before the body is even parsed, then the body (400).
 * Bad input always gets a 4xx with a one-line reason. A 5xx means pagerstatus itself could not take the
 * delivery (its queue or configuration was unavailable), and PagerDuty will retry it.
 */
public final class WebhookReceiver {
    /** PagerDuty drops webhooks larger than this, so nothing larger is a real delivery. */
    public static final int MAX_BODY_BYTES = 256 * 1024;

    private final WebhookAccounts accounts;
    private final SyncTrigger trigger;
    private final DeliveryIds deliveries;

    public WebhookReceiver(WebhookAccounts accounts, SyncTrigger trigger, DeliveryIds deliveries) {
        this.accounts = accounts;
        this.trigger = trigger;
        this.deliveries = deliveries;
    }

    /** Logs, once at start, every account that accepts unsigned webhooks. */
    public static void warnAboutUnsignedAccounts(WebhookAccounts accounts) {
        warnAboutUnsignedAccounts(accounts.names().stream()
                .map(accounts::find)
                .flatMap(Optional::stream)
                .toList());
    }

    public static void warnAboutUnsignedAccounts(java.util.Collection<WebhookAccount> accounts) {
        List<String> unsigned = accounts.stream()
                .filter(account -> !account.requiresSignature())
                .map(WebhookAccount::name)
                .toList();
        if (!unsigned.isEmpty()) {
            Log.warn(
                    "webhook.unsigned_accounts",
                    "accounts",
                    unsigned,
                    "message",
                    "these accounts accept unsigned webhooks (V2, or V3 without a secret); set a webhook secret for each");
        }
    }

    public WebhookResponse handle(WebhookRequest request) {
        long started = System.nanoTime();
        Outcome outcome;
        try {
            outcome = route(request);
        } catch (ConfigUnavailableException e) {
            outcome = new Outcome(
                    WebhookResponse.error(503, "configuration could not be read; PagerDuty will retry"),
                    null,
                    null,
                    null,
                    e.getMessage());
        } catch (ConfigException e) {
            // The operator's to fix (the log line names the parameter); PagerDuty keeps retrying meanwhile.
            outcome = new Outcome(
                    WebhookResponse.error(503, "configuration is invalid; PagerDuty will retry"),
                    null,
                    null,
                    null,
                    e.getMessage());
        } catch (RuntimeException e) {
            // A bug of ours, not bad input: no stack trace in the answer, all of it in the log.
            Log.error(
                    "webhook.crashed",
                    "path",
                    Log.clip(request.path(), 128),
                    "error",
                    e.toString(),
                    "stack",
                    Log.stack(e));
            outcome = new Outcome(WebhookResponse.error(500, "internal error"), null, null, null, e.toString());
        }
        int status = outcome.response().status();
        // Everything the caller controls is clipped: a log line must not grow with what a stranger sends.
        Object[] line = {
            "method",
            Log.clip(request.method(), 16),
            "path",
            Log.clip(request.path(), 128),
            "status",
            status,
            "account",
            outcome.account(),
            "event_type",
            Log.clip(outcome.event(), 128),
            "delivery",
            Log.clip(outcome.delivery(), WebhookEvents.MAX_ID_LENGTH),
            "reason",
            outcome.reason(),
            "duration_us",
            (System.nanoTime() - started) / 1000
        };
        // A 5xx is ours to fix (configuration, queue); a 4xx is a caller's mistake, or someone probing.
        if (status >= 500) {
            Log.error("webhook.request", line);
        } else if (status >= 400 && !outcome.quiet()) {
            Log.warn("webhook.request", line);
        } else {
            Log.info("webhook.request", line);
        }
        return outcome.response();
    }

    /** {@code quiet}: a refusal that is nobody's mistake (a browser asking for its icon), logged as info. */
    private record Outcome(
            WebhookResponse response, String account, String event, String delivery, String reason, boolean quiet) {
        Outcome(WebhookResponse response, String account, String event, String delivery, String reason) {
            this(response, account, event, delivery, reason, false);
        }

        static Outcome rejected(int status, String reason, String account) {
            return new Outcome(WebhookResponse.error(status, reason), account, null, null, reason);
        }
    }

    private Outcome route(WebhookRequest request) {
        String path = request.path() == null || request.path().isEmpty() ? "/" : request.path();
        if (path.length() > 1 && path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        if (path.equals("/")) {
            if (request.method().equals("GET") || request.method().equals("HEAD")) {
                return new Outcome(new WebhookResponse(200, health()), null, null, null, null);
            }
            return Outcome.rejected(405, "POST webhooks to /<account>; GET / for health", null);
        }
        String name = path.substring(1);
        if (name.contains("/")) {
            return Outcome.rejected(404, "no such path; PagerDuty webhooks go to /<account>", null);
        }
        Optional<WebhookAccount> found = accounts.find(name);
        if (found.isEmpty() && !request.method().equals("POST")) {
            String reason = "no such page; pagerstatus receives PagerDuty webhooks on POST /<account>";
            return new Outcome(WebhookResponse.error(404, reason), null, null, null, reason, true);
        }
        if (found.isEmpty()) {
            return Outcome.rejected(404, "no PagerDuty account named '" + clip(name) + "' is configured", null);
        }
        WebhookAccount account = found.get();
        if (!request.method().equals("POST")) {
            return Outcome.rejected(405, "webhooks are POSTed to /" + account.name(), account.name());
        }
        return receive(account, request);
    }

    /** Whether a secret added since the accounts were read (setup, a rotation) signed the delivery. */
    private boolean verifiesWithNewSecrets(WebhookAccount account, byte[] body, String signature) {
        return accounts.findAfterMismatch(account.name())
                .filter(fresh -> !fresh.secrets().equals(account.secrets()))
                .map(fresh -> WebhookSignature.verify(body, signature, fresh.secrets()))
                .orElse(false);
    }

    private Outcome receive(WebhookAccount account, WebhookRequest request) {
        byte[] body = request.body();
        if (body.length > MAX_BODY_BYTES) {
            return Outcome.rejected(
                    413, "the body is larger than 256 KB, more than PagerDuty ever sends", account.name());
        }
        if (!isJson(request.header("content-type"))) {
            return Outcome.rejected(
                    415, "Content-Type must be application/json (with charset=utf-8, if any)", account.name());
        }
        if (account.requiresSignature()) {
            String signature = request.header("x-pagerduty-signature");
            if (signature == null || signature.isBlank()) {
                return Outcome.rejected(
                        401,
                        "X-PagerDuty-Signature is missing; this account has a webhook secret,"
                                + " so it accepts only signed V3 webhooks",
                        account.name());
            }
            if (!WebhookSignature.verify(body, signature, account.secrets())
                    && !verifiesWithNewSecrets(account, body, signature)) {
                return Outcome.rejected(
                        401,
                        "X-PagerDuty-Signature does not match the body for this account's" + " webhook secret",
                        account.name());
            }
        }
        String header = request.header("x-webhook-id");
        if (header != null && !WebhookEvents.isPlausibleId(header)) {
            return new Outcome(
                    WebhookResponse.error(
                            400,
                            "X-Webhook-Id must be 1 to " + WebhookEvents.MAX_ID_LENGTH
                                    + " visible ASCII characters; PagerDuty's are UUIDs"),
                    account.name(),
                    null,
                    header,
                    "implausible X-Webhook-Id");
        }
        if (body.length == 0) {
            return Outcome.rejected(400, "the body is empty", account.name());
        }
        WebhookEvents.Parsed event;
        try {
            JsonNode json = Json.readOneDocument(body);
            event = WebhookEvents.parse(json == null ? Json.MAPPER.nullNode() : json);
        } catch (IOException e) {
            return Outcome.rejected(400, notJson(e), account.name());
        } catch (WebhookEvents.NotAWebhook e) {
            return Outcome.rejected(400, e.getMessage(), account.name());
        }
        if (event.format() == WebhookEvents.Format.V2 && account.requiresSignature()) {
            return Outcome.rejected(
                    401,
                    "this account has a webhook secret, so it accepts only signed V3 webhooks," + " not V2",
                    account.name());
        }
        String eventType = String.join(",", event.eventTypes());
        String delivery = header != null ? header : event.eventId();
        if (event.isPing()) {
            return new Outcome(WebhookResponse.of(200, "status", "pong"), account.name(), eventType, delivery, null);
        }
        if (!event.wantsSync()) {
            return new Outcome(
                    WebhookResponse.of(200, "status", "ignored"),
                    account.name(),
                    eventType,
                    delivery,
                    "cannot change the status page");
        }
        if (delivery != null && !deliveries.claim(account.name() + "/" + delivery)) {
            return new Outcome(
                    WebhookResponse.of(200, "status", "duplicate"),
                    account.name(),
                    eventType,
                    delivery,
                    "already received");
        }
        try {
            trigger.request(new SyncRequest(account.name(), delivery, eventType, event.publicNoteOn()));
        } catch (SyncTrigger.SyncUnavailableException e) {
            if (delivery != null) {
                deliveries.release(account.name() + "/" + delivery);
            }
            return new Outcome(
                    WebhookResponse.error(503, "could not queue a sync; PagerDuty will retry"),
                    account.name(),
                    eventType,
                    delivery,
                    e.getMessage());
        }
        return new Outcome(WebhookResponse.of(202, "status", "accepted"), account.name(), eventType, delivery, null);
    }

    private String health() {
        ObjectNode health = Json.MAPPER.createObjectNode();
        health.put("name", "pagerstatus");
        health.put("version", Version.current());
        health.set("accounts", Json.MAPPER.valueToTree(accounts.names()));
        return health.toString();
    }

    /** {@code application/json}, in any case, with no parameter but an optional {@code charset=utf-8}. */
    static boolean isJson(String contentType) {
        if (contentType == null) {
            return false;
        }
        String[] parts = contentType.split(";", -1);
        if (!parts[0].strip().equalsIgnoreCase("application/json")) {
            return false;
        }
        for (int i = 1; i < parts.length; i++) {
            String parameter = parts[i].strip().toLowerCase(Locale.ROOT).replace("\"", "");
            if (!parameter.equals("charset=utf-8") && !parameter.isEmpty()) {
                return false;
            }
        }
        return true;
    }

    private static String notJson(IOException e) {
        String message = e.getMessage() == null ? "" : e.getMessage();
        if (message.contains("Duplicate field")) {
            return "the body is not valid JSON: a key appears twice in one object";
        }
        if (e instanceof Json.TrailingData) {
            return "the body is not valid JSON: " + message;
        }
        return "the body is not valid JSON";
    }

    private static String clip(String text) {
        String printable = text.replaceAll("[^\\x20-\\x7E]", "?");
        return printable.length() <= 64 ? printable : printable.substring(0, 64) + "…";
    }
}
