package dev.pagerstatus.support;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.sun.net.httpserver.HttpExchange;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Small helpers for the JDK's built-in HTTP server, shared by the local server and the stand-in APIs. */
public final class HttpExchanges {
    private HttpExchanges() {}

    /** The request path below the handler's context, e.g. {@code /pages/abc/components}. */
    public static String relativePath(HttpExchange exchange) {
        String context = exchange.getHttpContext().getPath();
        String path = exchange.getRequestURI().getRawPath();
        String relative = context.equals("/") ? path : path.substring(Math.min(context.length(), path.length()));
        return relative.isEmpty() ? "/" : relative;
    }

    /** The body, or null when it is longer than {@code limit} bytes (the rest is not read). */
    public static byte[] readBody(HttpExchange exchange, int limit) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            int read;
            while ((read = in.read(buffer)) != -1) {
                if (body.size() + read > limit) {
                    return null;
                }
                body.write(buffer, 0, read);
            }
            return body.toByteArray();
        }
    }

    public static Map<String, List<String>> query(String rawQuery) {
        Map<String, List<String>> query = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return query;
        }
        for (String pair : rawQuery.split("&")) {
            int equals = pair.indexOf('=');
            String name = decode(equals < 0 ? pair : pair.substring(0, equals));
            String value = equals < 0 ? "" : decode(pair.substring(equals + 1));
            query.computeIfAbsent(name, key -> new ArrayList<>()).add(value);
        }
        return query;
    }

    public static String first(Map<String, List<String>> query, String name, String fallback) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? fallback : values.getFirst();
    }

    public static void respond(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
        if (contentType != null) {
            exchange.getResponseHeaders().set("Content-Type", contentType);
        }
        if (body.length == 0) {
            exchange.sendResponseHeaders(status, -1);
        } else {
            exchange.sendResponseHeaders(status, body.length);
            exchange.getResponseBody().write(body);
            // Closing the exchange first drains whatever body the client has not sent yet; a refusal (413)
            // must reach the client before that, not after it has sent everything.
            exchange.getResponseBody().flush();
        }
        exchange.close();
    }

    public static void json(HttpExchange exchange, int status, Object body) throws IOException {
        respond(exchange, status, "application/json; charset=utf-8", toJson(body));
    }

    public static byte[] toJson(Object body) {
        try {
            return Json.MAPPER.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String decode(String text) {
        return URLDecoder.decode(text, StandardCharsets.UTF_8);
    }
}
