package dev.pagerstatus.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.pagerstatus.support.HttpExchanges;
import dev.pagerstatus.support.HttpServerLimits;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;

/**
 * A loopback stand-in of the Lambda Runtime API (2018-06-01), the protocol the Runtime Interface Client speaks
 * to the managed runtime: {@code invocation/next} hands out queued events, {@code invocation/{id}/response}
 * and {@code /error} collect answers, {@code init/error} records a failed start, and in SnapStart mode
 * {@code restore/next} marks the moment the snapshot would be restored.
 */
public final class FakeRuntimeApi implements AutoCloseable {
    private static final String PREFIX = "/2018-06-01/runtime";

    /** What a function answered for one invocation. */
    public record Answer(String requestId, boolean error, String body, long atNanos) {}

    private final HttpServer server;
    private final BlockingQueue<String> events = new LinkedBlockingQueue<>();
    private final BlockingQueue<Answer> answers = new LinkedBlockingQueue<>();
    private final List<String> initErrors = new ArrayList<>();
    private final Map<String, Integer> countsAtRestore = new ConcurrentHashMap<>();
    private final IntSupplier callsToWatch;
    private volatile boolean restored;
    private volatile long firstPollNanos;
    private int nextId = 1;

    /** {@code callsToWatch} is read when the runtime asks to be restored (e.g. how many AWS calls happened). */
    public FakeRuntimeApi(IntSupplier callsToWatch) {
        this.callsToWatch = callsToWatch;
        try {
            HttpServerLimits.apply(); // the JDK server reads its bounds once, from whichever server comes first
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext(PREFIX, this::handle);
        server.start();
    }

    public String address() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    public void enqueue(String event) {
        events.add(event);
    }

    /** The next answer, or null if none came within {@code timeout}. */
    public Answer awaitAnswer(Duration timeout) throws InterruptedException {
        return answers.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    public synchronized List<String> initErrors() {
        return List.copyOf(initErrors);
    }

    /** When the function first asked for work, i.e. finished initialising (System.nanoTime). */
    public long firstPollNanos() {
        return firstPollNanos;
    }

    public boolean restored() {
        return restored;
    }

    /** The watched count when the runtime asked to be restored, i.e. what happened before the snapshot. */
    public Integer callsBeforeRestore() {
        return countsAtRestore.get("calls");
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath().substring(PREFIX.length());
            byte[] body = HttpExchanges.readBody(exchange, 6 << 20);
            String text = body == null ? "" : new String(body, StandardCharsets.UTF_8);
            if (path.equals("/invocation/next")) {
                if (firstPollNanos == 0) {
                    firstPollNanos = System.nanoTime();
                }
                String event = take();
                if (event == null) {
                    return; // the test is over; drop the long poll
                }
                String id;
                synchronized (this) {
                    id = "req-" + nextId++;
                }
                exchange.getResponseHeaders().set("Lambda-Runtime-Aws-Request-Id", id);
                exchange.getResponseHeaders()
                        .set("Lambda-Runtime-Deadline-Ms", String.valueOf(System.currentTimeMillis() + 60_000));
                exchange.getResponseHeaders()
                        .set(
                                "Lambda-Runtime-Invoked-Function-Arn",
                                "arn:aws:lambda:eu-west-1:111122223333:function:pagerstatus:live");
                exchange.getResponseHeaders()
                        .set("Lambda-Runtime-Trace-Id", "Root=1-6650c1f2-1a2b3c4d5e6f708192a3b4c5;Sampled=0");
                HttpExchanges.respond(exchange, 200, "application/json", event.getBytes(StandardCharsets.UTF_8));
            } else if (path.matches("/invocation/[^/]+/(response|error)")) {
                String[] parts = path.split("/");
                answers.add(new Answer(parts[2], parts[3].equals("error"), text, System.nanoTime()));
                HttpExchanges.respond(
                        exchange, 202, "application/json", "{\"status\":\"OK\"}".getBytes(StandardCharsets.UTF_8));
            } else if (path.equals("/init/error") || path.equals("/restore/error")) {
                synchronized (this) {
                    initErrors.add(text);
                }
                HttpExchanges.respond(
                        exchange, 202, "application/json", "{\"status\":\"OK\"}".getBytes(StandardCharsets.UTF_8));
            } else if (path.equals("/restore/next")) {
                countsAtRestore.put("calls", callsToWatch.getAsInt());
                restored = true;
                HttpExchanges.respond(exchange, 200, "application/json", new byte[0]);
            } else {
                HttpExchanges.respond(exchange, 404, "application/json", "{}".getBytes(StandardCharsets.UTF_8));
            }
        }
    }

    private String take() {
        try {
            return events.poll(120, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
