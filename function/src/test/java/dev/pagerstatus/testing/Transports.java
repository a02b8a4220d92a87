package dev.pagerstatus.testing;

import dev.pagerstatus.http.ApiCallCounter;
import dev.pagerstatus.http.ApiTransport;
import dev.pagerstatus.http.RequestGate;
import dev.pagerstatus.http.RetryPolicy;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Random;

/** Transports for client tests: real HTTP on loopback, waits recorded on a manual clock instead of slept. */
public final class Transports {
    public static final RetryPolicy FAST = new RetryPolicy(
            4,
            Duration.ofMillis(200),
            Duration.ofSeconds(2),
            Duration.ofSeconds(65),
            Duration.ofSeconds(2),
            Duration.ofSeconds(5));

    private static final HttpClient HTTP = ApiTransport.newHttpClient(FAST);

    private Transports() {}

    public static ApiTransport pagerDuty(ManualClock clock) {
        return pagerDuty(clock, FAST);
    }

    public static ApiTransport pagerDuty(ManualClock clock, RetryPolicy policy) {
        return new ApiTransport(
                ApiTransport.Vendor.pagerDuty(),
                HTTP,
                policy,
                RequestGate.OPEN,
                clock,
                new Random(1),
                new ApiCallCounter());
    }

    public static ApiTransport statuspage(ManualClock clock) {
        return statuspage(clock, FAST);
    }

    public static ApiTransport statuspage(ManualClock clock, RetryPolicy policy) {
        return new ApiTransport(
                ApiTransport.Vendor.statuspage(),
                HTTP,
                policy,
                RequestGate.OPEN,
                clock,
                new Random(1),
                new ApiCallCounter());
    }
}
