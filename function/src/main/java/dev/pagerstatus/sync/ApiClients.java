package dev.pagerstatus.sync;

import dev.pagerstatus.config.PagerDutyAccount;
import dev.pagerstatus.config.Settings;
import dev.pagerstatus.config.StatuspagePage;
import dev.pagerstatus.http.ApiCallCounter;
import dev.pagerstatus.http.ApiTransport;
import dev.pagerstatus.http.RequestGate;
import dev.pagerstatus.http.RetryPolicy;
import dev.pagerstatus.http.RollingWindowLimiter;
import dev.pagerstatus.pagerduty.PagerDutyClient;
import dev.pagerstatus.statuspage.StatuspageClient;
import dev.pagerstatus.support.Secret;
import dev.pagerstatus.support.Sleeper;
import java.net.http.HttpClient;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/**
 * Builds the API clients for a deployment's settings. One instance per process: it owns the shared HTTP
 * client (connection pools), the call counter, what passes remember ({@link PassMemory}), and the Statuspage
 * rate limiters. Statuspage's budget belongs to a key, so there is one limiter per key, shared by every page
 * that uses it and by every request made with it.
 */
public final class ApiClients implements AutoCloseable {
    private final HttpClient http;
    private final RetryPolicy policy;
    private final Supplier<RequestGate> newStatuspageGate;
    private final Map<Secret, RequestGate> statuspageGates = new ConcurrentHashMap<>();
    private final Sleeper sleeper;
    private final ApiCallCounter counter = new ApiCallCounter();
    private final PassMemory memory = new PassMemory();
    private InstantSource clock = InstantSource.system();

    public ApiClients(HttpClient http, RetryPolicy policy, Supplier<RequestGate> newStatuspageGate, Sleeper sleeper) {
        this.http = http;
        this.policy = policy;
        this.newStatuspageGate = newStatuspageGate;
        this.sleeper = sleeper;
    }

    /** Every key through one gate: for tests that count a single budget. */
    public ApiClients(HttpClient http, RetryPolicy policy, RequestGate statuspageGate, Sleeper sleeper) {
        this(http, policy, () -> statuspageGate, sleeper);
    }

    public static ApiClients create() {
        return create(true);
    }

    /**
     * The clients a command-line pass needs for these settings: when both APIs are plain HTTP (only loopback may
     * be), without TLS at all.
     */
    public static ApiClients create(Settings settings) {
        return create(settings.pagerDutyApiUrl().getScheme().equals("https")
                || settings.statuspageApiUrl().getScheme().equals("https"));
    }

    /**
     * Clients for the built-in stand-ins on loopback, which rehearsals run against: no TLS, and no Statuspage
     * budget to keep, since that belongs to a real key.
     */
    public static ApiClients forStandIns() {
        RetryPolicy policy = RetryPolicy.defaults();
        return new ApiClients(
                ApiTransport.newHttpClient(policy, false), policy, () -> RequestGate.OPEN, Sleeper.SYSTEM);
    }

    private static ApiClients create(boolean tls) {
        RetryPolicy policy = RetryPolicy.defaults();
        return new ApiClients(
                ApiTransport.newHttpClient(policy, tls), policy, RollingWindowLimiter::statuspage, Sleeper.SYSTEM);
    }

    /**
     * Stops the HTTP client's threads. A process that exits while the client's selector thread waits in native
     * code is held by the JVM for 300 ms first, so a command-line pass closes its clients before it exits.
     */
    @Override
    public void close() {
        http.close();
    }

    /** The clock passes decide by (timers, publish delays); tests give a manual one. */
    public ApiClients withClock(InstantSource passClock) {
        this.clock = passClock;
        return this;
    }

    public ApiCallCounter counter() {
        return counter;
    }

    public StatuspageClient statuspage(Settings settings, StatuspagePage page) {
        ApiTransport transport = new ApiTransport(
                ApiTransport.Vendor.statuspage(),
                http,
                policy,
                statuspageGates.computeIfAbsent(page.apiKey(), key -> newStatuspageGate.get()),
                sleeper,
                RandomGenerator.getDefault(),
                counter);
        return new StatuspageClient(page.id(), page.apiKey(), settings.statuspageApiUrl(), transport);
    }

    public PagerDutyClient pagerDuty(Settings settings, PagerDutyAccount account) {
        return new PagerDutyClient(account, settings.pagerDutyApiUrl(), pagerDutyTransport());
    }

    /** An account's webhook subscriptions, managed with {@code key}, a key that may write them. */
    public dev.pagerstatus.pagerduty.WebhookSubscriptions webhookSubscriptions(
            Settings settings, String account, Secret key) {
        return new dev.pagerstatus.pagerduty.WebhookSubscriptions(
                account, key, settings.pagerDutyApiUrl(), pagerDutyTransport());
    }

    private ApiTransport pagerDutyTransport() {
        return new ApiTransport(
                ApiTransport.Vendor.pagerDuty(),
                http,
                policy,
                RequestGate.OPEN,
                sleeper,
                RandomGenerator.getDefault(),
                counter);
    }

    public SyncService syncService(Settings settings) {
        List<PagerDutyClient> accounts = settings.accounts().stream()
                .map(account -> pagerDuty(settings, account))
                .toList();
        List<StatuspageClient> pages = settings.pages().stream()
                .map(page -> statuspage(settings, page))
                .toList();
        return new SyncService(pages, accounts, settings.policy(), counter, clock, memory);
    }
}
