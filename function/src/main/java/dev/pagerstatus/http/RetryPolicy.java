package dev.pagerstatus.http;

import java.time.Duration;

/**
 * How hard a client tries. Every loop is bounded: {@code maxAttempts} in all, exponential backoff with jitter
 * between {@code initialBackoff} and {@code maxBackoff}, and a rate-limit wait the vendor asks for is honoured
 * only up to {@code maxRateLimitWait}.
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

    public RetryPolicy withRequestTimeout(Duration timeout) {
        return new RetryPolicy(maxAttempts, initialBackoff, maxBackoff, maxRateLimitWait, connectTimeout, timeout);
    }
}
