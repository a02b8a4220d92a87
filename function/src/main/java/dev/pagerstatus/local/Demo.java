package dev.pagerstatus.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpHandler;
import dev.pagerstatus.config.PagerDutyAccount;
import dev.pagerstatus.config.PolicyParser;
import dev.pagerstatus.config.Settings;
import dev.pagerstatus.config.StatuspagePage;
import dev.pagerstatus.setup.Fingerprint;
import dev.pagerstatus.standin.PagerDutyStandIn;
import dev.pagerstatus.standin.Samples;
import dev.pagerstatus.standin.StandInApis;
import dev.pagerstatus.standin.StatuspageStandIn;
import dev.pagerstatus.support.Secret;
import dev.pagerstatus.sync.ApiClients;
import dev.pagerstatus.sync.SyncRequest;
import dev.pagerstatus.sync.SyncTrigger;
import dev.pagerstatus.webhook.WebhookAccount;
import dev.pagerstatus.webhook.WebhookAccounts;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code pagerstatus demo}: the real receiver, queue, reconcile code and API clients, pointed at stand-ins of
 * PagerDuty and Statuspage mounted on the same port under {@code /demo/pagerduty} and
 * {@code /demo/statuspage/v1}, seeded from {@code samples/demo}. The stand-in PagerDuty sends signed V3
 * webhooks to {@code /acme} (which has a secret) and unsigned ones to {@code /globex} (which has none, so the
 * start-up warning about unsigned accounts shows too). {@code /demo} shows the page as customers would see it,
 * and the company's internal page ({@value #INTERNAL_PAGE_ID}) below it; acme's incidents get pagerstatus's notes.
 */
final class Demo implements AutoCloseable {
    static final String PAGE_ID = "demostatus01";
    /** The company's internal page: the same organisation, its own components. */
    static final String INTERNAL_PAGE_ID = "demointernal";
    /** acme writes notes back to its incidents with this key, as this PagerDuty user. */
    static final String ACME_NOTE_KEY = "demo-acme-note-key";
    /**
     * The internal page has a key of its own (STATUSPAGE_KEY_DEMOINTERNAL in a real deployment), so its reads do
     * not spend the public page's budget.
     */
    static final String INTERNAL_STATUSPAGE_KEY = "demo-internal-statuspage-key";

    static final String NOTE_FROM = "statuspage-bot@acme.example";
    static final String STATUSPAGE_KEY = "demo-statuspage-key";
    static final String WEBHOOK_SECRET = "demo-webhook-secret-not-for-production";
    static final String ACME_KEY = "demo-acme-pagerduty-key";
    static final String GLOBEX_KEY = "demo-globex-pagerduty-key";
    /** Keys that may manage webhook subscriptions, for trying setup and doctor (PD_ADMIN_KEY_<NAME>). */
    static final String ACME_ADMIN_KEY = "demo-acme-admin-key";

    static final String GLOBEX_ADMIN_KEY = "demo-globex-admin-key";
    /** The acme "Checkout" service's Events API v2 integration key (samples/demo/events use it). */
    static final String ROUTING_KEY = "R0UT1NGKEYACMECHECKOUT0000000001";

    private final Serve serve;
    private final PagerDutyStandIn pagerDuty;
    private final StatuspageStandIn statuspage;
    private final StatuspageStandIn internal;

    private Demo(Serve serve, PagerDutyStandIn pagerDuty, StatuspageStandIn statuspage, StatuspageStandIn internal) {
        this.serve = serve;
        this.pagerDuty = pagerDuty;
        this.statuspage = statuspage;
        this.internal = internal;
    }

    /**
     * The stand-in PagerDuty delivers each webhook before it answers the change behind it, so that by the time
     * a button, {@code acknowledge.sh} or {@code play-incident.sh} gets its answer, the pass is queued, and
     * {@code GET /demo/state?settle} can wait for it.
     */
    static Demo start(InetSocketAddress address, Duration interval) {
        LocalServer server = LocalServer.bind(address);
        String base = "http://127.0.0.1:" + server.port();
        StatuspageStandIn statuspage = new StatuspageStandIn(PAGE_ID, STATUSPAGE_KEY);
        statuspage.addComponents(Samples.json("components.json"));
        StatuspageStandIn internal = new StatuspageStandIn(INTERNAL_PAGE_ID, INTERNAL_STATUSPAGE_KEY);
        internal.addComponents(Samples.json("components-internal.json"));
        PagerDutyStandIn pagerDuty = new PagerDutyStandIn(InstantSource.system(), Runnable::run);
        pagerDuty.addAccount("acme", ACME_KEY);
        pagerDuty.addKey("acme", ACME_NOTE_KEY, false);
        pagerDuty.addUser("acme", DemoPage.RESPONDER);
        pagerDuty.addUser("acme", NOTE_FROM);
        pagerDuty.addAccount("globex", GLOBEX_KEY);
        pagerDuty.addService("acme", "PCHK0UT", "Checkout", ROUTING_KEY);
        for (JsonNode seed : Samples.json("pagerduty-incidents.json")) {
            pagerDuty.addIncident(
                    seed.path("account").asText(),
                    new PagerDutyStandIn.IncidentSeed(
                            seed.path("title").asText(),
                            seed.path("status").asText(),
                            Instant.now()
                                    .minus(Duration.ofMinutes(
                                            seed.path("minutes_ago").asLong())),
                            seed.path("channel"),
                            null,
                            seed.path("id").asText(null),
                            seed.has("number") ? seed.path("number").asInt() : null));
        }
        // acme's subscription is as setup makes them; globex's was made by hand, unsigned, so setup replaces it.
        pagerDuty.subscribe(
                "acme",
                URI.create(base + "/acme"),
                Secret.of(WEBHOOK_SECRET),
                Fingerprint.description("acme", Secret.of(WEBHOOK_SECRET)));
        pagerDuty.subscribe("globex", URI.create(base + "/globex"), null, "made by hand");
        pagerDuty.addKey("acme", ACME_ADMIN_KEY, false);
        pagerDuty.addKey("globex", GLOBEX_ADMIN_KEY, false);
        // Only the admin keys manage subscriptions; the reading keys are refused them, as setup's docs say.
        pagerDuty.refuseSubscriptions("acme");
        pagerDuty.refuseSubscriptions("globex");

        Settings settings = new Settings(
                List.of(
                        new StatuspagePage(PAGE_ID, Secret.of(STATUSPAGE_KEY)),
                        new StatuspagePage(INTERNAL_PAGE_ID, Secret.of(INTERNAL_STATUSPAGE_KEY))),
                List.of(
                        new PagerDutyAccount(
                                "acme",
                                Secret.of(ACME_KEY),
                                List.of(Secret.of(WEBHOOK_SECRET)),
                                Optional.of(new PagerDutyAccount.NoteWriter(Secret.of(ACME_NOTE_KEY), NOTE_FROM))),
                        new PagerDutyAccount("globex", Secret.of(GLOBEX_KEY), List.of())),
                URI.create(base + "/demo/pagerduty"),
                URI.create(base + "/demo/statuspage/v1"),
                PolicyParser.parse(
                        new String(Samples.bytes("policy.yaml"), StandardCharsets.UTF_8), "the demo's policy"));
        Map<String, HttpHandler> extra = new LinkedHashMap<>();
        extra.put("/demo/pagerduty", pagerDuty);
        extra.put("/demo/statuspage/v1", StandInApis.byPage(List.of(statuspage, internal)));
        AtomicReference<Serve> started = new AtomicReference<>();
        extra.put(
                "/demo",
                new DemoPage(
                        pagerDuty,
                        statuspage,
                        internal,
                        wait -> {
                            Serve serve = started.get();
                            return serve != null && serve.queue().awaitIdle(wait);
                        },
                        () -> {
                            try {
                                started.get().queue().request(new SyncRequest(null, null, "schedule"));
                            } catch (SyncTrigger.SyncUnavailableException e) {
                                // The demo is stopping; there is no next pass to run.
                            }
                        }));
        // No pass at start: nothing is acknowledged yet, so a person sees the first notice arrive.
        Serve serve = Serve.start(
                server, settings, webhookAccounts(settings, pagerDuty), ApiClients.create(), interval, false, extra);
        serve.rehearseWhileIdle(Serve.REHEARSAL_ROUNDS);
        started.set(serve);
        return new Demo(serve, pagerDuty, statuspage, internal);
    }

    /**
     * The demo's receiver accepts, beside its built-in secret, every secret the stand-in's subscriptions sign
     * with, read again on a mismatch: a person trying {@code setup} (or {@code --rotate}) against the demo stores
     * the new secret in their own env file, which the demo never reads. An account without a secret stays
     * unsigned.
     */
    private static WebhookAccounts webhookAccounts(Settings settings, PagerDutyStandIn pagerDuty) {
        return WebhookAccounts.reloading(
                () -> WebhookAccounts.of(settings.accounts().stream()
                        .map(account -> {
                            List<Secret> secrets = new java.util.ArrayList<>(account.webhookSecrets());
                            if (!secrets.isEmpty()) {
                                pagerDuty.subscriptions(account.name()).stream()
                                        .map(PagerDutyStandIn.Subscription::secret)
                                        .filter(java.util.Objects::nonNull)
                                        .forEach(secrets::add);
                            }
                            return new WebhookAccount(account.name(), secrets);
                        })
                        .toList()),
                Duration.ZERO,
                java.time.InstantSource.system());
    }

    int port() {
        return serve.port();
    }

    Serve serve() {
        return serve;
    }

    PagerDutyStandIn pagerDuty() {
        return pagerDuty;
    }

    StatuspageStandIn statuspage() {
        return statuspage;
    }

    StatuspageStandIn internal() {
        return internal;
    }

    static String banner(int port) {
        String url = "http://localhost:" + port;
        return """

                pagerstatus demo is running: the real receiver and sync, against stand-ins of PagerDuty and
                Statuspage on this port. Nothing leaves this machine.

                  Watch the status page:   %1$s/demo
                  Health:                  curl %1$s/

                PagerDuty incident acme#4821 (API latency) has triggered, but nobody has acknowledged it, so the
                public page says nothing yet. Acknowledge it, as a responder would, with the console's button or
                through the stand-in's REST API; PagerDuty then sends pagerstatus a signed webhook:

                  samples/demo/acknowledge.sh %1$s

                Then play a whole incident (trigger, acknowledge, resolve) through the Events API:

                  samples/demo/play-incident.sh %1$s

                and see pagerstatus share the page: a second, internal page, a person taking a notice over,
                a maintenance, and the notes it writes back to PagerDuty:

                  samples/demo/share-the-page.sh %1$s

                Ctrl-C stops the demo.
                """.formatted(url);
    }

    @Override
    public void close() {
        serve.close();
    }
}
