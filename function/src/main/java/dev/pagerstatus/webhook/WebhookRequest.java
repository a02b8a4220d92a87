package dev.pagerstatus.webhook;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * An HTTP request as the receiver sees it, whatever delivered it (the local server, API Gateway). Header
 * names are lower-case, as API Gateway's HTTP API hands them over; the body is the raw bytes, because the
 * signature is over exactly those.
 */
public record WebhookRequest(String method, String path, Map<String, String> headers, byte[] body) {
    public WebhookRequest {
        Map<String, String> lowerCase = new TreeMap<>();
        headers.forEach((name, value) -> lowerCase.put(name.toLowerCase(Locale.ROOT), value));
        headers = Map.copyOf(lowerCase);
        body = body == null ? new byte[0] : body;
    }

    public String header(String name) {
        return headers.get(name.toLowerCase(Locale.ROOT));
    }
}
