package dev.pagerstatus.testing;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;

/** A receiver on loopback that answers {@code GET /} with pagerstatus's health document naming the accounts. */
public final class ReceiverStandIn implements AutoCloseable {
    private final HttpServer server;

    private ReceiverStandIn(HttpServer server) {
        this.server = server;
    }

    public static ReceiverStandIn naming(String... accounts) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            byte[] health = ("{\"name\":\"pagerstatus\",\"version\":\"test\",\"accounts\":["
                            + List.of(accounts).stream()
                                    .map(a -> "\"" + a + "\"")
                                    .collect(Collectors.joining(","))
                            + "]}")
                    .getBytes(StandardCharsets.UTF_8);
            server.createContext("/", exchange -> {
                exchange.sendResponseHeaders(200, health.length);
                exchange.getResponseBody().write(health);
                exchange.close();
            });
            server.start();
            return new ReceiverStandIn(server);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public URI base() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
