package dev.pagerstatus.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.pagerstatus.support.Json;
import dev.pagerstatus.support.Log;
import dev.pagerstatus.support.Sleeper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.random.RandomGenerator;

/**
 * Sends JSON requests to one vendor's API with bounded retries. What may be repeated is decided per request:
 * a read is repeated after a timeout or a 5xx, but a write is repeated only when the vendor provably did not
 * act on it (no connection, or a rate-limit rejection), because repeating a create that timed out could put a
 * second incident on a public page. The next pass re-reads the page and finds out what really happened.
 *
 * <p>Everything an answer controls is bounded. Each attempt has a deadline for the whole answer, headers and
 * body: {@link RetryPolicy#requestTimeout()}, 15 s by default, connecting included. An answer that stalls or
 * drips past it counts as a timeout (a read is tried again, a write is not), and its connection is closed. A body
 * is read into memory up to 16 MiB ({@code BoundedBody.CAP}); a larger one is refused, read or write, and not
 * asked for again. One {@link #send} therefore ends within {@link RetryPolicy#longestSend()}, 255 s by default
 * (every attempt runs to its deadline and every pause between them is the longest rate-limit wait honoured), plus
 * its waits at the {@link RequestGate}. When the API stalls, times out or fails but does not rate-limit, the bound
 * is {@link RetryPolicy#longestSendWithoutRateLimits()}, 61.75 s by default.
 */
public final class ApiTransport {

    /** Whether a request may be sent again when its outcome is unknown. */
    public enum Repeat {
        /** Reads: repeat after timeouts, dropped connections and 5xx. */
        SAFE,
        /** Writes: repeat only when the request was not acted on. */
        ONLY_IF_NOT_ACTED_ON
    }

    /** What differs between PagerDuty and Statuspage when they are out of breath. */
    public record Vendor(
            String name, Set<Integer> rateLimitStatuses, Function<HttpHeaders, Optional<Duration>> rateLimitWait) {
        public static Vendor pagerDuty() {
            return new Vendor(
                    "PagerDuty",
                    Set.of(429),
                    headers -> seconds(headers, "ratelimit-reset").or(() -> retryAfter(headers)));
        }

        public static Vendor statuspage() {
            // Statuspage announced 420 would become 429, then kept sending 420 for old integrations: accept both.
            return new Vendor("Statuspage", Set.of(420, 429), Vendor::retryAfter);
        }

        private static Optional<Duration> retryAfter(HttpHeaders headers) {
            Optional<String> value = headers.firstValue("retry-after");
            if (value.isEmpty()) {
                return Optional.empty();
            }
            Optional<Duration> seconds = seconds(headers, "retry-after");
            if (seconds.isPresent()) {
                return seconds;
            }
            try {
                ZonedDateTime at = ZonedDateTime.parse(value.get().strip(), DateTimeFormatter.RFC_1123_DATE_TIME);
                Duration wait = Duration.between(ZonedDateTime.now(at.getZone()), at);
                return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
            } catch (DateTimeParseException e) {
                return Optional.empty();
            }
        }

        private static Optional<Duration> seconds(HttpHeaders headers, String name) {
            return headers.firstValue(name).flatMap(value -> {
                try {
                    double seconds = Double.parseDouble(value.strip());
                    return seconds >= 0
                            ? Optional.of(Duration.ofMillis((long) Math.ceil(seconds * 1000)))
                            : Optional.empty();
                } catch (NumberFormatException e) {
                    return Optional.empty();
                }
            });
        }
    }

    private final Vendor vendor;
    private final HttpClient http;
    private final RetryPolicy policy;
    private final RequestGate gate;
    private final Sleeper sleeper;
    private final RandomGenerator random;
    private final ApiCallCounter counter;

    public ApiTransport(
            Vendor vendor,
            HttpClient http,
            RetryPolicy policy,
            RequestGate gate,
            Sleeper sleeper,
            RandomGenerator random,
            ApiCallCounter counter) {
        this.vendor = vendor;
        this.http = http;
        this.policy = policy;
        this.gate = gate;
        this.sleeper = sleeper;
        this.random = random;
        this.counter = counter;
    }

    /** The HTTP client every transport in a process shares: built once, no redirects (an API never needs one). */
    public static HttpClient newHttpClient(RetryPolicy policy) {
        return newHttpClient(policy, true);
    }

    /**
     * {@code tls} false is for a process whose APIs are all plain HTTP on loopback (the stand-ins, a test): its
     * client gets a TLS context that makes no TLS engine instead of the JDK's default, so building it loads
     * neither the security providers nor the CA certificates (a fifth of a cold {@code sync}) for a handshake
     * that never happens. An HTTPS request it were sent would fail.
     */
    public static HttpClient newHttpClient(RetryPolicy policy, boolean tls) {
        HttpClient.Builder builder = HttpClient.newBuilder()
                .connectTimeout(policy.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER);
        if (!tls) {
            builder.sslContext(PlainHttpOnly.CONTEXT).sslParameters(new javax.net.ssl.SSLParameters());
        }
        return builder.build();
    }

    /**
     * A TLS context for clients that only ever speak plain HTTP: it makes no TLS engine, so it needs none of the
     * JDK's security providers, and an HTTPS request fails at once.
     */
    private static final class PlainHttpOnly extends javax.net.ssl.SSLContext {
        static final PlainHttpOnly CONTEXT = new PlainHttpOnly();

        private PlainHttpOnly() {
            super(new Refusing(), null, "none");
        }

        private static final class Refusing extends javax.net.ssl.SSLContextSpi {
            private static UnsupportedOperationException refused() {
                return new UnsupportedOperationException("this client speaks plain HTTP only");
            }

            @Override
            protected void engineInit(
                    javax.net.ssl.KeyManager[] keys,
                    javax.net.ssl.TrustManager[] trust,
                    java.security.SecureRandom random) {
                throw refused();
            }

            @Override
            protected javax.net.ssl.SSLSocketFactory engineGetSocketFactory() {
                throw refused();
            }

            @Override
            protected javax.net.ssl.SSLServerSocketFactory engineGetServerSocketFactory() {
                throw refused();
            }

            @Override
            protected javax.net.ssl.SSLEngine engineCreateSSLEngine() {
                throw refused();
            }

            @Override
            protected javax.net.ssl.SSLEngine engineCreateSSLEngine(String host, int port) {
                throw refused();
            }

            @Override
            protected javax.net.ssl.SSLSessionContext engineGetServerSessionContext() {
                throw refused();
            }

            @Override
            protected javax.net.ssl.SSLSessionContext engineGetClientSessionContext() {
                throw refused();
            }
        }
    }

    public String vendorName() {
        return vendor.name();
    }

    /**
     * A request builder with this transport's per-attempt timeout, which the JDK applies to the headers only;
     * {@link #send} holds the whole answer to it.
     */
    public HttpRequest.Builder newRequest(URI uri) {
        return HttpRequest.newBuilder(uri).timeout(policy.requestTimeout());
    }

    /** Reads a 2xx answer's body; an {@link IOException} means it was not what the API promised. */
    @FunctionalInterface
    public interface BodyReader<T> {
        T read(byte[] body) throws IOException;
    }

    /** Sends the request and returns the parsed JSON body of a 2xx answer (a missing node when it is empty). */
    public JsonNode send(HttpRequest request, Repeat repeat) throws ApiException {
        return send(request, repeat, body -> body.length == 0 ? MissingNode.getInstance() : tree(request, body));
    }

    private JsonNode tree(HttpRequest request, byte[] body) throws IOException {
        NestingLimit.Pruned pruned = NestingLimit.prune(body);
        if (pruned.skipped() > 0) {
            Log.warn(
                    "api.deep_values_skipped",
                    "vendor",
                    vendor.name(),
                    "path",
                    ApiException.where(request.uri()),
                    "skipped",
                    pruned.skipped(),
                    "nested_deeper_than",
                    NestingLimit.MAX_DEPTH);
        }
        return Json.MAPPER.readTree(pruned.body());
    }

    /** Sends the request and reads a 2xx answer's body with {@code reader}. */
    public <T> T send(HttpRequest request, Repeat repeat, BodyReader<T> reader) throws ApiException {
        String method = request.method();
        String path = ApiException.where(request.uri());
        for (int attempt = 1; ; attempt++) {
            HttpResponse<byte[]> response;
            try {
                gate.acquire();
                counter.record(vendor.name(), method);
                response = exchange(request);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ApiException(vendor.name(), method, path, 0, "interrupted");
            } catch (HttpConnectTimeoutException | ConnectException e) {
                // The request never reached the vendor, so even a write is safe to send again.
                retryOrThrow(attempt, true, method, path, 0, "could not connect (" + describe(e) + ")");
                continue;
            } catch (HttpTimeoutException e) {
                retryOrThrow(attempt, repeat == Repeat.SAFE, method, path, 0, e.getMessage());
                continue;
            } catch (BoundedBody.TooLarge e) {
                // Asking again would only fetch as much again.
                throw new ApiException(vendor.name(), method, path, e.status(), e.getMessage());
            } catch (IOException e) {
                retryOrThrow(
                        attempt, repeat == Repeat.SAFE, method, path, 0, "connection failed (" + describe(e) + ")");
                continue;
            }

            int status = response.statusCode();
            if (status >= 200 && status < 300) {
                try {
                    return reader.read(response.body());
                } catch (IOException e) {
                    throw new ApiException(vendor.name(), method, path, status, "the response is not valid JSON");
                }
            }
            String detail = ApiException.detailOf(response.body());
            if (vendor.rateLimitStatuses().contains(status)) {
                Duration wait = vendor.rateLimitWait().apply(response.headers()).orElse(backoff(attempt));
                if (attempt >= policy.maxAttempts() || wait.compareTo(policy.maxRateLimitWait()) > 0) {
                    throw new ApiException(
                            vendor.name(),
                            method,
                            path,
                            status,
                            "rate limited; the API asked to wait " + wait.toSeconds() + "s");
                }
                Log.warn(
                        "api.rate_limited",
                        "vendor",
                        vendor.name(),
                        "method",
                        method,
                        "path",
                        path,
                        "status",
                        status,
                        "wait_ms",
                        wait.toMillis(),
                        "attempt",
                        attempt);
                pause(wait, method, path);
                continue;
            }
            if (status >= 500) {
                retryOrThrow(attempt, repeat == Repeat.SAFE, method, path, status, detail);
                continue;
            }
            throw new ApiException(vendor.name(), method, path, status, detail);
        }
    }

    /**
     * One attempt: the whole answer, headers and body, within the attempt's deadline. Cancelling the exchange
     * when the deadline passes (or the thread is interrupted) closes its connection, so nothing stays behind
     * waiting for a body that may never end.
     */
    private HttpResponse<byte[]> exchange(HttpRequest request) throws IOException, InterruptedException {
        BoundedBody body = new BoundedBody();
        CompletableFuture<HttpResponse<byte[]>> answer = http.sendAsync(request, body);
        try {
            return answer.get(policy.requestTimeout().toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            answer.cancel(true);
            throw late(body);
        } catch (InterruptedException e) {
            answer.cancel(true);
            throw e;
        } catch (ExecutionException e) {
            throw failure(e.getCause(), body);
        }
    }

    /** What {@link HttpClient#send} would have thrown, but with a timeout that says which part was late. */
    private IOException failure(Throwable cause, BoundedBody body) {
        if (cause instanceof HttpTimeoutException && !(cause instanceof HttpConnectTimeoutException)) {
            return late(body);
        }
        if (cause instanceof IOException io) {
            return io;
        }
        if (cause instanceof RuntimeException unchecked) {
            throw unchecked;
        }
        if (cause instanceof Error error) {
            throw error;
        }
        return new IOException(cause);
    }

    private HttpTimeoutException late(BoundedBody body) {
        String what = body.headersArrived() ? "no complete answer" : "no answer";
        return new HttpTimeoutException(what + " within " + shortly(policy.requestTimeout()));
    }

    /** {@code 15s}, or {@code 300ms} for a test's short deadline. */
    private static String shortly(Duration duration) {
        return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + "s" : duration.toMillis() + "ms";
    }

    private void retryOrThrow(int attempt, boolean mayRepeat, String method, String path, int status, String detail)
            throws ApiException {
        if (!mayRepeat || attempt >= policy.maxAttempts()) {
            String outcome = mayRepeat ? " (gave up after " + attempt + " attempts)" : "";
            throw new ApiException(vendor.name(), method, path, status, detail + outcome);
        }
        Duration wait = backoff(attempt);
        Log.warn(
                "api.retry",
                "vendor",
                vendor.name(),
                "method",
                method,
                "path",
                path,
                "status",
                status,
                "reason",
                detail,
                "wait_ms",
                wait.toMillis(),
                "attempt",
                attempt);
        pause(wait, method, path);
    }

    /** Exponential backoff with "equal jitter": half the step is fixed, half random, so retries spread out. */
    Duration backoff(int attempt) {
        long half = policy.longestBackoff(attempt).toMillis() / 2;
        return Duration.ofMillis(half + (half > 0 ? random.nextLong(half + 1) : 0));
    }

    private void pause(Duration wait, String method, String path) throws ApiException {
        try {
            sleeper.sleep(wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException(vendor.name(), method, path, 0, "interrupted");
        }
    }

    private static String describe(IOException e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
