package dev.pagerstatus.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pagerstatus.support.Json;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A request to PagerDuty or Statuspage that did not succeed. The message says which vendor, which request and
 * why, in one line; it never contains request headers, so it never contains a key.
 */
public final class ApiException extends Exception {
    private static final int MAX_DETAIL = 300;

    private final int status;

    /** {@code where} is the request's URL without its query, so the message names the host that failed. */
    public ApiException(String vendor, String method, String where, int status, String detail) {
        super(vendor + " " + method + " " + where + ": " + (status > 0 ? status + " " : "") + detail);
        this.status = status;
    }

    /** A request's URL as messages show it: scheme, host, port and path; never the query. */
    public static String where(URI uri) {
        return uri.getScheme() + "://" + uri.getRawAuthority() + uri.getRawPath();
    }

    /** The HTTP status, or 0 when no response arrived. */
    public int status() {
        return status;
    }

    public boolean isAuthFailure() {
        return status == 401 || status == 403;
    }

    /**
     * The error text from a response body. PagerDuty sends {@code {"error":{"message":..,"errors":[..]}}};
     * Statuspage sends {@code {"error":"..."}}, {@code {"error":[..]}}, {@code {"error":{"field":[..]}}} or
     * {@code {"message":".."}}; proxies send HTML.
     */
    static String detailOf(byte[] body) {
        if (body == null || body.length == 0) {
            return "(empty body)";
        }
        try {
            JsonNode json = Json.MAPPER.readTree(body);
            List<String> parts = new ArrayList<>();
            JsonNode error = json.path("error");
            if (error.isTextual()) {
                parts.add(error.asText());
            } else if (error.isObject() && error.has("message")) {
                parts.add(error.path("message").asText());
                error.path("errors").forEach(item -> parts.add(item.asText()));
            } else if (error.isArray()) {
                error.forEach(item -> parts.add(item.asText()));
            } else if (error.isObject()) {
                error.properties().forEach(field -> parts.add(field.getKey() + " " + field.getValue()));
            } else if (json.path("message").isTextual()) {
                parts.add(json.path("message").asText());
            }
            if (!parts.isEmpty()) {
                return clip(String.join("; ", parts));
            }
        } catch (java.io.IOException notJson) {
            // fall through to the raw text
        }
        String text = new String(body, StandardCharsets.UTF_8).strip();
        if (text.startsWith("<")) {
            return "(an HTML page instead of JSON)";
        }
        return clip(text);
    }

    private static String clip(String text) {
        String oneLine = text.replaceAll("[\\r\\n\\t]+", " ").replaceAll("\\p{Cntrl}", "");
        return oneLine.length() <= MAX_DETAIL ? oneLine : oneLine.substring(0, MAX_DETAIL) + "…";
    }
}
