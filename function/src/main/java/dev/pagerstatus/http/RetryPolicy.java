package dev.pagerstatus.http;

import java.time.Duration;

/**
 * How hard a client tries. Every loop is bounded: {@code maxAttempts} in all, exponential backoff with jitter
 * between {@code initialBackoff} and {@code maxBackoff}, and a rate-limit wait the vendor asks for is honoured
 * only up to {@code maxRateLimitWait}. {@code requestTimeout} is each attempt's deadline for the whole answer,
 * connecting, headers and body, so that a body that stalls or drips cannot hold a pass.
 */
public record RetryPolicy(
        int maxAttempts,
        Duration initialBackoff,
        Duration maxBackoff,
        Duration maxRateLimitWait,
        Duration connectTimeout,
        Duration requestTimeout) {

    public static RetryPolicy defaults() {
        return new RetryPolicy(
                4,
                Duration.ofMillis(250),
                Duration.ofSeconds(4),
                Duration.ofSeconds(65),
                Duration.ofSeconds(5),
                Duration.ofSeconds(15));
    }

    /**
     * The longest one {@link ApiTransport#send} can take, not counting its waits at the {@link RequestGate}:
     * every attempt runs to its deadline ({@code requestTimeout}, the whole answer) and every pause between two
     * attempts is as long as allowed, a rate-limit wait of up to {@code maxRateLimitWait}. With the defaults,
     * 4 × 15 s + 3 × 65 s = 255 s.
     */
    public Duration longestSend() {
        Duration longest = requestTimeout.multipliedBy(maxAttempts);
        for (int attempt = 1; attempt < maxAttempts; attempt++) {
            Duration backoff = longestBackoff(attempt);
            longest = longest.plus(backoff.compareTo(maxRateLimitWait) > 0 ? backoff : maxRateLimitWait);
        }
        return longest;
    }

    /**
     * The same when the API does not rate-limit: attempts that stall, time out or fail with a 5xx, and the
     * backoffs between them. With the defaults, 4 × 15 s + 0.25 s + 0.5 s + 1 s = 61.75 s.
     */
    public Duration longestSendWithoutRateLimits() {
        Duration longest = requestTimeout.multipliedBy(maxAttempts);
        for (int attempt = 1; attempt < maxAttempts; attempt++) {
            longest = longest.plus(longestBackoff(attempt));
        }
        return longest;
    }

    /** The longest backoff after {@code attempt}: its step, which the jitter never exceeds. */
    Duration longestBackoff(int attempt) {
        long step = initialBackoff.toMillis() << Math.min(attempt - 1, 20);
        return Duration.ofMillis(Math.min(step, maxBackoff.toMillis()));
    }

    public RetryPolicy withRequestTimeout(Duration timeout) {
        return new RetryPolicy(maxAttempts, initialBackoff, maxBackoff, maxRateLimitWait, connectTimeout, timeout);
    }
}
