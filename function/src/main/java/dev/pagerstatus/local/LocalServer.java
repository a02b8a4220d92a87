package dev.pagerstatus.local;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import dev.pagerstatus.support.HeaderBound;
import dev.pagerstatus.support.HttpExchanges;
import dev.pagerstatus.support.HttpServerLimits;
import dev.pagerstatus.webhook.WebhookReceiver;
import dev.pagerstatus.webhook.WebhookRequest;
import dev.pagerstatus.webhook.WebhookResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The webhook receiver on the JDK's built-in HTTP server: what {@code serve} and {@code demo} run. It only
 * translates HTTP to a {@link WebhookRequest} and back; every rule lives in the receiver. A body is read up to
 * one byte past the limit, so an oversized delivery is refused without being read whole.
 */
public final class LocalServer implements AutoCloseable {
    private final HttpServer server;
    private final ExecutorService executor;

    private LocalServer(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /**
     * Takes the port now and serves later, so that a configuration naming the port (the demo points the API
     * clients back at this server) can be built in between.
     */
    public static LocalServer bind(InetSocketAddress address) {
        HttpServerLimits.apply();
        String host = address.getHostString();
        if (address.isUnresolved()) {
            throw new UncheckedIOException(
                    "--host " + host + " is not a name or address this machine can resolve; use an address of"
                            + " this machine, such as 127.0.0.1 or 0.0.0.0 (every interface)",
                    new IOException("unresolved " + host));
        }
        try {
            HttpServer server = HttpServer.create(address, 128);
            ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
            server.setExecutor(executor);
            return new LocalServer(server, executor);
        } catch (IOException e) {
            throw new UncheckedIOException(bindProblem(address, e), e);
        }
    }

    /** Says which option to change: the port when it is taken or privileged, the host when it is not ours. */
    static String bindProblem(InetSocketAddress address, IOException e) {
        String where = address.getHostString() + ":" + address.getPort();
        String detail = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        String lower = detail.toLowerCase(java.util.Locale.ROOT);
        if (lower.contains("in use")) {
            return "could not listen on " + where + ": the port is in use; choose another with --port";
        }
        if (lower.contains("permission denied") || lower.contains("access")) {
            return "could not listen on " + where + ": ports below 1024 need privileges; choose one above with --port";
        }
        if (lower.contains("assign") || lower.contains("not available") || lower.contains("cannot bind")) {
            return "could not listen on " + where + ": " + address.getHostString()
                    + " is not an address of this machine; choose another with --host (0.0.0.0 is every interface)";
        }
        return "could not listen on " + where + " (" + detail + "); check --host and --port";
    }

    /** Serves the receiver on {@code /}; {@code extra} mounts more handlers by path prefix (the demo's). */
    public void start(WebhookReceiver receiver, Map<String, HttpHandler> extra) {
        HeaderBound headerBound = new HeaderBound();
        server.createContext("/", exchange -> receive(receiver, exchange))
                .getFilters()
                .add(headerBound);
        extra.forEach((path, handler) ->
                server.createContext(path, handler).getFilters().add(headerBound));
        server.start();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    static void receive(WebhookReceiver receiver, HttpExchange exchange) throws IOException {
        try (exchange) {
            String declared = exchange.getRequestHeaders().getFirst("Content-Length");
            boolean tooLong = declared != null
                    && declared.matches("\\d{1,18}")
                    && Long.parseLong(declared) > WebhookReceiver.MAX_BODY_BYTES;
            byte[] body = tooLong ? null : HttpExchanges.readBody(exchange, WebhookReceiver.MAX_BODY_BYTES + 1);
            if (body == null) {
                // Past the limit: hand over a body one byte too long, which the receiver refuses with 413.
                body = new byte[WebhookReceiver.MAX_BODY_BYTES + 1];
            }
            Map<String, String> headers = new LinkedHashMap<>();
            exchange.getRequestHeaders().forEach((name, values) -> headers.put(name, String.join(",", values)));
            WebhookResponse response = receiver.handle(new WebhookRequest(
                    exchange.getRequestMethod(), exchange.getRequestURI().getPath(), headers, body));
            byte[] bytes = exchange.getRequestMethod().equals("HEAD")
                    ? new byte[0]
                    : response.body().getBytes(StandardCharsets.UTF_8);
            HttpExchanges.respond(exchange, response.status(), WebhookResponse.CONTENT_TYPE, bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
