package dev.pagerstatus.support;

import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Answers {@code 431 Request Header Fields Too Large} to a request whose request line and headers exceed
 * {@value HttpServerLimits#MAX_HEADER_BYTES} bytes, or that has more than {@value HttpServerLimits#MAX_HEADERS}
 * headers, before any handler sees it.
 *
 * <p>The JDK server cannot answer that itself: past its own bound it closes the connection with the rest of the
 * request unread, which the client sees as a connection reset. So its bound is set higher
 * ({@link HttpServerLimits#CUT_OFF_HEADER_BYTES}, {@link HttpServerLimits#CUT_OFF_HEADERS}) and this filter
 * answers everything between; only a request past the server's bound is still cut off unanswered.
 */
public final class HeaderBound extends Filter {
    static final String REFUSAL = "{\"error\":\"request headers over 32 KB, or more than 100 of them\"}";

    @Override
    public void doFilter(HttpExchange exchange, Chain chain) throws IOException {
        Map<String, List<String>> headers = exchange.getRequestHeaders();
        int count = headers.values().stream().mapToInt(List::size).sum();
        if (count > HttpServerLimits.MAX_HEADERS || bytes(exchange) > HttpServerLimits.MAX_HEADER_BYTES) {
            exchange.getResponseHeaders().set("Connection", "close");
            HttpExchanges.respond(
                    exchange, 431, "application/json; charset=utf-8", REFUSAL.getBytes(StandardCharsets.UTF_8));
            return;
        }
        chain.doFilter(exchange);
    }

    /** The request line and headers as sent, each line with its CRLF, near enough: names and values as read. */
    static long bytes(HttpExchange exchange) {
        long size = exchange.getRequestMethod().length()
                + 1
                + exchange.getRequestURI().toString().length()
                + 1
                + exchange.getProtocol().length()
                + 2;
        for (Map.Entry<String, List<String>> header :
                exchange.getRequestHeaders().entrySet()) {
            for (String value : header.getValue()) {
                size += header.getKey().length() + 2 + value.length() + 2;
            }
        }
        return size + 2;
    }

    @Override
    public String description() {
        return "answers 431 to request headers over the bound";
    }
}
