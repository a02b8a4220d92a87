package dev.pagerstatus.sync;

import dev.pagerstatus.config.PagerDutyAccount;
import dev.pagerstatus.config.Settings;
import dev.pagerstatus.http.ApiCallCounter;
import dev.pagerstatus.http.ApiTransport;
import dev.pagerstatus.http.RequestGate;
import dev.pagerstatus.http.RetryPolicy;
import dev.pagerstatus.http.RollingWindowLimiter;
import dev.pagerstatus.pagerduty.PagerDutyClient;
import dev.pagerstatus.statuspage.StatuspageClient;
import dev.pagerstatus.support.Sleeper;
import java.net.http.HttpClient;
import java.time.InstantSource;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Builds the API clients for a deployment's settings. One instance per process: it owns the shared HTTP
 * client (connection pools), the call counter, and the Statuspage rate limiter, which must be shared by every
 * request made with the page's key to mean anything.
 */
public final class ApiClients {
    private final HttpClient http;
    private final RetryPolicy policy;
    private final RequestGate statuspageGate;
    private final Sleeper sleeper;
    private final ApiCallCounter counter = new ApiCallCounter();
    private InstantSource clock = InstantSource.system();

    public ApiClients(HttpClient http, RetryPolicy policy, RequestGate statuspageGate, Sleeper sleeper) {
        this.http = http;
        this.policy = policy;
        this.statuspageGate = statuspageGate;
        this.sleeper = sleeper;
    }

    public static ApiClients create() {
        RetryPolicy policy = RetryPolicy.defaults();
        return new ApiClients(
                ApiTransport.newHttpClient(policy), policy, RollingWindowLimiter.statuspage(), Sleeper.SYSTEM);
    }

    /** The clock passes decide by (timers, publish delays); tests give a manual one. */
    public ApiClients withClock(InstantSource passClock) {
        this.clock = passClock;
        return this;
    }

    public ApiCallCounter counter() {
        return counter;
    }

    public StatuspageClient statuspage(Settings settings) {
        ApiTransport transport = new ApiTransport(
                ApiTransport.Vendor.statuspage(),
                http,
                policy,
                statuspageGate,
                sleeper,
                RandomGenerator.getDefault(),
                counter);
        return new StatuspageClient(
                settings.statuspagePageId(), settings.statuspageApiKey(), settings.statuspageApiUrl(), transport);
    }

    public PagerDutyClient pagerDuty(Settings settings, PagerDutyAccount account) {
        ApiTransport transport = new ApiTransport(
                ApiTransport.Vendor.pagerDuty(),
                http,
                policy,
                RequestGate.OPEN,
                sleeper,
                RandomGenerator.getDefault(),
                counter);
        return new PagerDutyClient(account, settings.pagerDutyApiUrl(), transport);
    }

    public SyncService syncService(Settings settings) {
        List<PagerDutyClient> accounts = settings.accounts().stream()
                .map(account -> pagerDuty(settings, account))
                .toList();
        return new SyncService(statuspage(settings), accounts, settings.policy(), counter, clock);
    }
}
