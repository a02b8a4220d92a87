package dev.pagerstatus.http;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pagerstatus.testing.ManualClock;
import dev.pagerstatus.testing.Transports;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The transport against an API on a raw loopback socket that answers as badly as a real one can: headers and
 * then nothing, chunks that never end, a body that drips, a body that never stops.
 */
class ApiTransportTest {
    private static final Duration DEADLINE = Duration.ofMillis(300);
    private static final RetryPolicy IMPATIENT = Transports.FAST.withRequestTimeout(DEADLINE);
    private static final RetryPolicy PATIENT = Transports.FAST.withRequestTimeout(Duration.ofSeconds(30));
    /** Far longer than any deadline here, far shorter than a hang. */
    private static final Duration PROMPTLY = Duration.ofSeconds(5);

    private static final String OK_LENGTH_100 =
            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n" + "Content-Length: 100\r\n\r\n[";
    private static final String OK_CHUNKED =
            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n";

    private final ManualClock clock = new ManualClock(Instant.parse("2026-03-18T12:00:00Z"));
    private final CountDownLatch release = new CountDownLatch(1);
    private StandIn api;

    @AfterEach
    void stop() throws IOException {
        release.countDown();
        if (api != null) {
            api.close();
        }
    }

    @Test
    void aReadWhoseBodyStallsAfterItsHeadersFailsWithinItsDeadline() throws Exception {
        api = new StandIn(out -> write(out, OK_LENGTH_100));

        Failure failure = timed(() -> read(IMPATIENT));

        assertThat(failure.message())
                .isEqualTo("PagerDuty GET " + api.where()
                        + ": no complete answer within 300ms (gave up after 4 attempts)");
        assertThat(failure.took()).isLessThan(PROMPTLY);
        assertThat(api.requests()).hasSize(4);
        assertThat(api.closedByClient(4))
                .as("every stalled connection is closed")
                .isTrue();
    }

    @Test
    void aWriteWhoseBodyStallsIsNotRepeated() throws Exception {
        api = new StandIn(out -> write(out, OK_LENGTH_100));

        Failure failure = timed(() -> post(IMPATIENT));

        assertThat(failure.message()).isEqualTo("PagerDuty POST " + api.where() + ": no complete answer within 300ms");
        assertThat(failure.took()).isLessThan(PROMPTLY);
        assertThat(api.requests()).containsExactly("POST /incidents");
        assertThat(api.closedByClient(1)).isTrue();
    }

    @Test
    void anAnswerWhoseChunksNeverEndFailsWithinItsDeadline() throws Exception {
        api = new StandIn(out -> write(out, OK_CHUNKED + "1\r\n[\r\n"));

        Failure failure = timed(() -> read(IMPATIENT));

        assertThat(failure.message()).contains(": no complete answer within 300ms (gave up after 4 attempts)");
        assertThat(failure.took()).isLessThan(PROMPTLY);
        assertThat(api.closedByClient(4)).isTrue();
    }

    @Test
    void aBodyThatDripsFasterThanTheDeadlineStillFailsWithinIt() throws Exception {
        // A chunk every 20 ms: the connection is never idle for a whole deadline, but the answer never ends.
        api = new StandIn(out -> {
            write(out, OK_CHUNKED + "1\r\n[\r\n");
            while (!release.await(20, TimeUnit.MILLISECONDS)) {
                write(out, "1\r\n \r\n");
            }
        });

        Failure failure = timed(() -> read(IMPATIENT));

        assertThat(failure.message()).contains(": no complete answer within 300ms (gave up after 4 attempts)");
        assertThat(failure.took()).isLessThan(PROMPTLY);
        assertThat(api.closedByClient(4)).isTrue();
    }

    @Test
    void anAnswerWhoseHeadersNeverComeIsStillNoAnswer() throws Exception {
        api = new StandIn(out -> {});

        Failure failure = timed(() -> post(IMPATIENT));

        assertThat(failure.message()).isEqualTo("PagerDuty POST " + api.where() + ": no answer within 300ms");
        assertThat(failure.took()).isLessThan(PROMPTLY);
        assertThat(api.closedByClient(1)).isTrue();
    }

    @Test
    void aVirtualThreadWaitingOnAStalledBodyIsReleasedWithinTheDeadline() throws Exception {
        api = new StandIn(out -> write(out, OK_LENGTH_100));
        AtomicReference<Throwable> outcome = new AtomicReference<>();

        Thread reader = Thread.ofVirtual().start(() -> {
            try {
                post(IMPATIENT);
            } catch (Throwable e) {
                outcome.set(e);
            }
        });

        assertThat(reader.join(PROMPTLY)).as("the virtual thread is released").isTrue();
        assertThat(outcome.get()).isInstanceOf(ApiException.class).hasMessageContaining("no complete answer within");
    }

    @Test
    void anInterruptedReadStopsWaitingAndClosesItsConnection() throws Exception {
        CountDownLatch asked = new CountDownLatch(1);
        api = new StandIn(out -> {
            write(out, OK_LENGTH_100);
            asked.countDown();
        });
        AtomicReference<Throwable> outcome = new AtomicReference<>();
        Thread reader = Thread.ofVirtual().start(() -> {
            try {
                read(PATIENT);
            } catch (Throwable e) {
                outcome.set(e);
            }
        });

        assertThat(asked.await(PROMPTLY.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
        reader.interrupt();

        assertThat(reader.join(PROMPTLY)).isTrue();
        assertThat(outcome.get()).hasMessage("PagerDuty GET " + api.where() + ": interrupted");
        assertThat(api.closedByClient(1)).isTrue();
    }

    @Test
    void anAnswerLargerThanTheCapIsRefusedWithoutReadingItAll() throws Exception {
        byte[] chunk = ("10000\r\n" + " ".repeat(0x10000) + "\r\n").getBytes(US_ASCII);
        api = new StandIn(out -> {
            write(out, OK_CHUNKED + "1\r\n[\r\n");
            while (true) { // until the client hangs up
                out.write(chunk);
            }
        });

        Failure failure = timed(() -> read(PATIENT));

        assertThat(failure.message())
                .isEqualTo("PagerDuty GET " + api.where() + ": 200 the answer is larger than 16 MiB");
        assertThat(failure.took()).isLessThan(PROMPTLY);
        assertThat(api.requests()).as("not asked for again").hasSize(1);
        assertThat(api.closedByClient(1)).isTrue();
    }

    @Test
    void aDeclaredLengthOverTheCapIsRefusedBeforeTheBodyIsRead() throws Exception {
        api = new StandIn(out -> write(
                out, "HTTP/1.1 503 Service Unavailable\r\nContent-Length: " + (BoundedBody.CAP + 1) + "\r\n\r\n"));

        Failure failure = timed(() -> read(PATIENT));

        assertThat(failure.message())
                .isEqualTo("PagerDuty GET " + api.where() + ": 503 the answer is larger than 16 MiB");
        assertThat(failure.took()).isLessThan(PROMPTLY);
        assertThat(api.requests()).hasSize(1);
        assertThat(api.closedByClient(1)).isTrue();
    }

    @Test
    void anAnswerOfExactlyTheCapIsRead() throws Exception {
        byte[] body = new byte[BoundedBody.CAP];
        Arrays.fill(body, (byte) ' ');
        body[0] = '"';
        body[body.length - 1] = '"';
        api = new StandIn(out -> {
            write(out, "HTTP/1.1 200 OK\r\nContent-Length: " + body.length + "\r\n\r\n");
            out.write(body);
        });

        ApiTransport transport = transport(PATIENT);
        int length =
                transport.send(transport.newRequest(api.uri()).build(), ApiTransport.Repeat.SAFE, read -> read.length);

        assertThat(length).isEqualTo(BoundedBody.CAP);
    }

    @Test
    void anAnswerInSeveralChunksIsReadWhole() throws Exception {
        api = new StandIn(out -> write(out, OK_CHUNKED + "5\r\n{\"ok\"\r\n6\r\n:true}\r\n0\r\n\r\n"));

        JsonNode answer = read(PATIENT);

        assertThat(answer.path("ok").asBoolean()).isTrue();
    }

    @Test
    void theLongestSendIsEveryDeadlineAndEveryPauseAllowed() {
        RetryPolicy defaults = RetryPolicy.defaults();

        assertThat(defaults.longestSend()).isEqualTo(Duration.ofSeconds(4 * 15 + 3 * 65));
        assertThat(defaults.longestSendWithoutRateLimits()).isEqualTo(Duration.ofMillis(4 * 15_000 + 250 + 500 + 1000));
    }

    private JsonNode read(RetryPolicy policy) throws ApiException {
        ApiTransport transport = transport(policy);
        return transport.send(transport.newRequest(api.uri()).build(), ApiTransport.Repeat.SAFE);
    }

    private JsonNode post(RetryPolicy policy) throws ApiException {
        ApiTransport transport = transport(policy);
        HttpRequest request = transport
                .newRequest(api.uri())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{}"))
                .build();
        return transport.send(request, ApiTransport.Repeat.ONLY_IF_NOT_ACTED_ON);
    }

    private ApiTransport transport(RetryPolicy policy) {
        return Transports.pagerDuty(clock, policy);
    }

    private static void write(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(US_ASCII));
        out.flush();
    }

    @FunctionalInterface
    private interface Call {
        Object run() throws Exception;
    }

    private record Failure(String message, Duration took) {}

    /** Runs a call that must fail with an {@link ApiException}, and how long it took to. */
    private static Failure timed(Call call) throws Exception {
        long start = System.nanoTime();
        try {
            call.run();
        } catch (ApiException e) {
            return new Failure(e.getMessage(), Duration.ofNanos(System.nanoTime() - start));
        }
        throw new AssertionError("the call succeeded");
    }

    /** What the stand-in does after it has read a request: write some of an answer, or nothing. */
    @FunctionalInterface
    private interface Answer {
        void write(OutputStream out) throws IOException, InterruptedException;
    }

    /**
     * An API on loopback that takes one request per connection, answers it with {@link Answer}, then waits for
     * the client to hang up, and counts the connections the client closed.
     */
    private static final class StandIn implements AutoCloseable {
        private final ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        private final Answer answer;
        private final List<String> requests = new CopyOnWriteArrayList<>();
        private final Set<Socket> connections = ConcurrentHashMap.newKeySet();
        private final Semaphore closedByClient = new Semaphore(0);

        StandIn(Answer answer) throws IOException {
            this.answer = answer;
            Thread.ofVirtual().start(this::accept);
        }

        URI uri() {
            return URI.create("http://127.0.0.1:" + server.getLocalPort() + "/incidents");
        }

        String where() {
            return ApiException.where(uri());
        }

        List<String> requests() {
            return List.copyOf(requests);
        }

        boolean closedByClient(int connections) throws InterruptedException {
            return closedByClient.tryAcquire(connections, PROMPTLY.toMillis(), TimeUnit.MILLISECONDS);
        }

        private void accept() {
            try {
                while (true) {
                    Socket connection = server.accept();
                    connections.add(connection);
                    Thread.ofVirtual().start(() -> serve(connection));
                }
            } catch (IOException closed) {
                // the test is over
            }
        }

        private void serve(Socket connection) {
            try (connection) {
                InputStream in = new BufferedInputStream(connection.getInputStream());
                requests.add(readRequest(in));
                answer.write(connection.getOutputStream());
                while (in.read() != -1) {
                    // nothing more is asked on this connection; wait for the client to hang up
                }
            } catch (IOException | InterruptedException hungUp) {
                // a write or read failed: the client closed the connection
            }
            if (!server.isClosed()) {
                closedByClient.release();
            }
        }

        /** Reads a request's head and body; returns its method and path. */
        private static String readRequest(InputStream in) throws IOException {
            String requestLine = line(in);
            long length = 0;
            for (String header = line(in); !header.isEmpty(); header = line(in)) {
                if (header.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                    length = Long.parseLong(
                            header.substring("content-length:".length()).strip());
                }
            }
            in.skipNBytes(length);
            return requestLine.substring(0, requestLine.lastIndexOf(' '));
        }

        private static String line(InputStream in) throws IOException {
            StringBuilder line = new StringBuilder();
            for (int c = in.read(); c != '\n'; c = in.read()) {
                if (c == -1) {
                    throw new IOException("the client hung up mid-request");
                }
                if (c != '\r') {
                    line.append((char) c);
                }
            }
            return line.toString();
        }

        @Override
        public void close() throws IOException {
            server.close();
            for (Socket connection : connections) {
                connection.close();
            }
        }
    }
}
