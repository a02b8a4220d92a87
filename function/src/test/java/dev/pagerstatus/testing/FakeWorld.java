package dev.pagerstatus.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pagerstatus.config.EnvironmentSettings;
import dev.pagerstatus.config.PolicyParser;
import dev.pagerstatus.config.Settings;
import dev.pagerstatus.http.ApiTransport;
import dev.pagerstatus.http.RetryPolicy;
import dev.pagerstatus.http.RollingWindowLimiter;
import dev.pagerstatus.standin.PagerDutyStandIn;
import dev.pagerstatus.standin.StandInApis;
import dev.pagerstatus.standin.StatuspageStandIn;
import dev.pagerstatus.support.Sleeper;
import dev.pagerstatus.sync.ApiClients;
import dev.pagerstatus.sync.SyncService;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Both stand-in APIs on loopback, seeded with the fixture page (API, Website, Payments, Database, Search and
 * the Backend group) and two PagerDuty accounts, acme and globex; plus the settings that point the real
 * clients at them.
 */
public final class FakeWorld implements AutoCloseable {
    public static final String PAGE = "kctbh9vrtdwd";
    public static final String STATUSPAGE_KEY = "sp-test-key-2c41d0b7e84a55";
    public static final String ACME_KEY = "acme-pd-key-y_NbAkKc66ryYTWUXYEu";
    public static final String GLOBEX_KEY = "globex-pd-key-Q8vZL1m3";
    public static final String API = "r3n8d5w2c6hj";
    public static final String WEBSITE = "w8d3n6t2p9kf";
    public static final String PAYMENTS = "h5c1v8j4g7ry";
    public static final String DATABASE = "t9p4f7s1k8vb";
    public static final String SEARCH = "m6v2c8x4b1nq";
    /** The company's internal page, reached with the same organisation key: Build pipeline, VPN, Admin console. */
    public static final String INTERNAL_PAGE = "qn3v8z2r6b1c";

    public static final String BUILD_PIPELINE = "b2p7n4x9c1rd";
    public static final String VPN = "v4n9s2k7q3le";
    /** The note key and user of acme's write-back: its reading key stays read-only. */
    public static final String ACME_NOTE_KEY = "acme-pd-note-key-u8Hq2LmZr4";

    /** Keys that may manage webhook subscriptions (setup's PD_ADMIN_KEY_<NAME>); the reading keys stay as they are. */
    public static final String ACME_ADMIN_KEY = "acme-pd-admin-key-Wq3nB8vL0s";

    public static final String GLOBEX_ADMIN_KEY = "globex-pd-admin-key-Zt5cH1pM";

    public static final String ACME_NOTE_FROM = "statuspage-bot@acme.example";
    /** A retry policy for end-to-end runs: real HTTP, short waits. */
    public static final RetryPolicy QUICK = new RetryPolicy(
            3,
            Duration.ofMillis(5),
            Duration.ofMillis(20),
            Duration.ofSeconds(5),
            Duration.ofSeconds(2),
            Duration.ofSeconds(5));

    /** Delivers its webhooks on the thread that made the change, so a test sees them arrive before it goes on. */
    public final PagerDutyStandIn pagerDuty = new PagerDutyStandIn(InstantSource.system(), Runnable::run);

    public final StatuspageStandIn statuspage = new StatuspageStandIn(PAGE, STATUSPAGE_KEY);
    /** A second page of the organisation, served by the same stand-in API; settings name it only when asked. */
    public final StatuspageStandIn internal = statuspage.sibling(INTERNAL_PAGE);
    /** Every request to either stand-in, and faults to inject. */
    public final Traffic traffic = new Traffic();

    public final StandInApis apis;

    public FakeWorld() {
        this(List.of());
    }

    public FakeWorld(List<com.sun.net.httpserver.Filter> filters) {
        pagerDuty.addAccount("acme", ACME_KEY);
        pagerDuty.addAccount("globex", GLOBEX_KEY);
        pagerDuty.addKey("acme", ACME_ADMIN_KEY, false);
        pagerDuty.addKey("globex", GLOBEX_ADMIN_KEY, false);
        statuspage.addComponents(Fixtures.json("statuspage/components.json"));
        internal.addComponents(Fixtures.json("statuspage/components-internal.json"));
        List<com.sun.net.httpserver.Filter> all = new java.util.ArrayList<>(filters);
        all.add(traffic);
        apis = StandInApis.start(pagerDuty, List.of(statuspage, internal), all);
    }

    /** The environment a user would set to point pagerstatus at these stand-ins. */
    public Map<String, String> environment() {
        Map<String, String> env = new HashMap<>();
        env.put(EnvironmentSettings.STATUSPAGE_PAGE, PAGE);
        env.put(EnvironmentSettings.STATUSPAGE_KEY, STATUSPAGE_KEY);
        env.put("PD_ACCOUNT_ACME", ACME_KEY);
        env.put("PD_ACCOUNT_GLOBEX", GLOBEX_KEY);
        env.put(EnvironmentSettings.PAGERDUTY_API_URL, apis.pagerDutyUrl().toString());
        env.put(EnvironmentSettings.STATUSPAGE_API_URL, apis.statuspageUrl().toString());
        return env;
    }

    public Settings settings() {
        return EnvironmentSettings.load(environment());
    }

    /** Both pages, public and internal, on the organisation's one key. */
    public Map<String, String> environmentWithBothPages() {
        Map<String, String> env = environment();
        env.put(EnvironmentSettings.STATUSPAGE_PAGE, PAGE + "," + INTERNAL_PAGE);
        return env;
    }

    /**
     * Write-back on for acme: the stand-in's reading key becomes read-only, a note key is added, and the note
     * user is the only one a From header may name.
     */
    public Map<String, String> environmentWithNotes() {
        pagerDuty.readOnly("acme");
        pagerDuty.addKey("acme", ACME_NOTE_KEY, false);
        pagerDuty.addUser("acme", ACME_NOTE_FROM);
        Map<String, String> env = environment();
        env.put("PD_NOTE_KEY_ACME", ACME_NOTE_KEY);
        env.put("PD_NOTE_FROM_ACME", ACME_NOTE_FROM);
        return env;
    }

    public SyncService syncService(Map<String, String> env) {
        return clients().syncService(EnvironmentSettings.load(env));
    }

    public SyncService syncService() {
        return clients().syncService(settings());
    }

    /** A pass under the policy document {@code yaml}. */
    public SyncService syncService(String yaml) {
        return clients().syncService(settings(yaml));
    }

    public Settings settings(String yaml) {
        Settings settings = settings();
        return new Settings(
                settings.pages(),
                settings.accounts(),
                settings.pagerDutyApiUrl(),
                settings.statuspageApiUrl(),
                PolicyParser.parse(yaml, "test policy"));
    }

    public ApiClients clients() {
        return new ApiClients(
                ApiTransport.newHttpClient(QUICK),
                QUICK,
                new RollingWindowLimiter(60, Duration.ofSeconds(60), InstantSource.system(), Sleeper.SYSTEM),
                Sleeper.SYSTEM);
    }

    /** Seeds a PagerDuty incident whose trigger log entry is the named fixture's (so it carries its tags). */
    public ObjectNode incident(String account, String fixture, String status) {
        return incident(account, fixture, status, Instant.now().minus(Duration.ofMinutes(5)));
    }

    public ObjectNode incident(String account, String fixture, String status, Instant createdAt) {
        JsonNode source = Fixtures.json("pagerduty/incidents/" + fixture);
        return pagerDuty.addIncident(
                account,
                new PagerDutyStandIn.IncidentSeed(
                        source.path("title").asText(),
                        status,
                        createdAt,
                        source.path("first_trigger_log_entry").path("channel"),
                        null));
    }

    /**
     * A Datadog incident like {@code datadog.json}, its monitor tagged with {@code tags} instead
     * ({@code component:<id>}, {@code component:<page id>/<id>}).
     */
    public ObjectNode incidentTagged(String account, String status, String... tags) {
        JsonNode source = Fixtures.json("pagerduty/incidents/datadog.json");
        ObjectNode channel = (ObjectNode)
                source.path("first_trigger_log_entry").path("channel").deepCopy();
        ((ObjectNode) channel.path("details"))
                .put("tags", "aws-prod, env:prod, monitor, service:api, " + String.join(", ", tags));
        return pagerDuty.addIncident(
                account,
                new PagerDutyStandIn.IncidentSeed(
                        source.path("title").asText(),
                        status,
                        Instant.now().minus(Duration.ofMinutes(5)),
                        channel,
                        null));
    }

    /** What the page shows: component id to status, and the open incidents' component ids. */
    public List<String> openNoticeComponents() {
        return statuspage.unresolvedIncidents().stream()
                .flatMap(incident -> java.util.stream.StreamSupport.stream(
                        incident.path("components").spliterator(), false))
                .map(component -> component.path("id").asText())
                .sorted()
                .toList();
    }

    public long writesToStatuspage() {
        return traffic.statuspage().stream()
                .filter(request -> !request.method().equals("GET"))
                .count();
    }

    @Override
    public void close() {
        apis.close();
    }
}
