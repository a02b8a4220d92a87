package dev.pagerstatus.webhook;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pagerstatus.support.Json;

/** The answer: a status and a small JSON body (never a stack trace). */
public record WebhookResponse(int status, String body) {
    public static final String CONTENT_TYPE = "application/json; charset=utf-8";

    static WebhookResponse of(int status, String key, String value) {
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.put(key, value);
        return new WebhookResponse(status, body.toString());
    }

    static WebhookResponse error(int status, String reason) {
        return of(status, "error", reason);
    }
}
