package dev.pagerstatus.testing;

import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpExchange;
import dev.pagerstatus.support.HttpExchanges;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What crosses the wire to the stand-in APIs, seen from in front of them: a filter that records every request
 * (method, path, query, headers, body) and can answer the next matching request with a fault instead of
 * passing it on. Tests read the record to check what the clients sent.
 */
public final class Traffic extends Filter {
    public static final String PAGERDUTY = "/pagerduty";
    public static final String STATUSPAGE = "/statuspage/v1";

    /** A request as it arrived; {@code api} is the stand-in it was for ({@link #PAGERDUTY}, {@link #STATUSPAGE}). */
    public record RecordedRequest(
            String api, String method, String path, String query, Map<String, String> headers, String body) {}

    private record Fault(
            String api, String method, Pattern path, int status, String body, Map<String, String> headers) {
        boolean matches(String requestApi, String requestMethod, String requestPath) {
            return api.equals(requestApi)
                    && (method == null || method.equals(requestMethod))
                    && path.matcher(requestPath).find();
        }
    }

    private final List<RecordedRequest> requests = new ArrayList<>();
    private final List<Fault> faults = new ArrayList<>();

    public synchronized List<RecordedRequest> statuspage() {
        return requests.stream().filter(r -> r.api().equals(STATUSPAGE)).toList();
    }

    public synchronized List<RecordedRequest> pagerDuty() {
        return requests.stream().filter(r -> r.api().equals(PAGERDUTY)).toList();
    }

    public synchronized List<RecordedRequest> all() {
        return List.copyOf(requests);
    }

    public synchronized void clear() {
        requests.clear();
    }

    /** The next Statuspage request with this method whose path ends with {@code pathRegex} gets this answer. */
    public synchronized void failNextStatuspage(
            String method, String pathRegex, int status, String body, Map<String, String> headers) {
        faults.add(new Fault(STATUSPAGE, method, Pattern.compile(pathRegex + "$"), status, body, headers));
    }

    /** The next PagerDuty REST request gets this status, with PagerDuty's error body (and rate-limit headers on 429). */
    public synchronized void failNextPagerDuty(int status) {
        String body = status == 429
                ? "{\"error\":{\"message\":\"Rate Limit Exceeded\",\"code\":2020}}"
                : "{\"error\":{\"message\":\"Internal Server Error\",\"code\":2000}}";
        Map<String, String> headers = status == 429
                ? Map.of("ratelimit-limit", "960", "ratelimit-remaining", "0", "ratelimit-reset", "1")
                : Map.of();
        // Any REST path; the Events API (/v2/enqueue) is another service.
        faults.add(new Fault(PAGERDUTY, null, Pattern.compile("^/(?!v2/enqueue)"), status, body, headers));
    }

    /** The next PagerDuty request with this method whose path ends with {@code pathRegex} gets this answer. */
    public synchronized void failNextPagerDuty(String method, String pathRegex, int status, String body) {
        faults.add(new Fault(PAGERDUTY, method, Pattern.compile(pathRegex + "$"), status, body, Map.of()));
    }

    @Override
    public void doFilter(HttpExchange exchange, Chain chain) throws IOException {
        String api = exchange.getHttpContext().getPath();
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readAllBytes();
        }
        Map<String, String> headers = new LinkedHashMap<>();
        exchange.getRequestHeaders()
                .forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), String.join(",", values)));
        String path = HttpExchanges.relativePath(exchange);
        Fault fault;
        synchronized (this) {
            requests.add(new RecordedRequest(
                    api,
                    exchange.getRequestMethod(),
                    path,
                    exchange.getRequestURI().getRawQuery(),
                    headers,
                    new String(body, StandardCharsets.UTF_8)));
            fault = takeFault(api, exchange.getRequestMethod(), path);
        }
        if (fault != null) {
            fault.headers()
                    .forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
            HttpExchanges.respond(
                    exchange,
                    fault.status(),
                    "application/json; charset=utf-8",
                    fault.body() == null ? new byte[0] : fault.body().getBytes(StandardCharsets.UTF_8));
            return;
        }
        exchange.setStreams(new ByteArrayInputStream(body), null);
        chain.doFilter(exchange);
    }

    private Fault takeFault(String api, String method, String path) {
        for (Iterator<Fault> it = faults.iterator(); it.hasNext(); ) {
            Fault fault = it.next();
            if (fault.matches(api, method, path)) {
                it.remove();
                return fault;
            }
        }
        return null;
    }

    @Override
    public String description() {
        return "records requests to the stand-in APIs and injects faults";
    }
}
