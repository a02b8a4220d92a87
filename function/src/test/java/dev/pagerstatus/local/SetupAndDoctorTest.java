package dev.pagerstatus.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pagerstatus.config.EnvFile;
import dev.pagerstatus.config.EnvironmentSettings;
import dev.pagerstatus.support.Json;
import dev.pagerstatus.support.Log;
import dev.pagerstatus.testing.FakeWorld;
import dev.pagerstatus.webhook.WebhookAccounts;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code setup} then {@code doctor} from the command line, against the stand-ins and a running serve. */
class SetupAndDoctorTest {
    /** A secret configured by hand before setup ran, for a subscription setup cannot tell is its own. */
    private static final String HANDMADE = "handmade-secret-0123456789";

    @TempDir
    Path directory;

    private final FakeWorld world = new FakeWorld();
    private Serve serve;
    private Map<String, String> env;
    private String out;
    private String err;

    @BeforeEach
    void start() throws Exception {
        Path file = directory.resolve("pagerstatus.env");
        Files.writeString(
                file,
                "# written by the test\nPD_ADMIN_KEY_ACME=" + FakeWorld.ACME_ADMIN_KEY + "\nPD_ADMIN_KEY_GLOBEX="
                        + FakeWorld.GLOBEX_ADMIN_KEY + "\nPD_WEBHOOK_SECRET_ACME=" + HANDMADE + "\n");
        Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        env = world.environment();
        env.put(EnvFile.VARIABLE, file.toString());
        LocalServer server = LocalServer.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        Map<String, String> given = Map.copyOf(env);
        WebhookAccounts accounts = WebhookAccounts.reloading(
                () -> WebhookAccounts.of(EnvironmentSettings.load(EnvFile.merged(given))),
                Duration.ZERO,
                InstantSource.system());
        serve = Serve.start(
                server,
                EnvironmentSettings.load(EnvFile.merged(env)),
                accounts,
                world.clients(),
                Duration.ZERO,
                false,
                Map.of());
    }

    @AfterEach
    void stop() {
        // setup and doctor set the process's log threshold, as every command does; later specs expect INFO.
        Log.threshold(Log.Level.INFO);
        serve.close();
        world.close();
    }

    private String base() {
        return "http://127.0.0.1:" + serve.port();
    }

    private int run(String... args) {
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        int status = Main.run(
                args,
                env,
                new PrintStream(stdout, true, StandardCharsets.UTF_8),
                new PrintStream(stderr, true, StandardCharsets.UTF_8));
        out = stdout.toString(StandardCharsets.UTF_8);
        err = stderr.toString(StandardCharsets.UTF_8);
        return status;
    }

    @Test
    void afterSetupApplyEveryDoctorCheckPassesButTheUnrecordedKeyExpiry() throws Exception {
        assertThat(run("setup", "--url", base(), "--apply")).isZero();
        assertThat(Files.readString(Path.of(env.get(EnvFile.VARIABLE))))
                .startsWith("# written by the test")
                .contains("PD_WEBHOOK_SECRET_ACME=", "PD_WEBHOOK_SECRET_GLOBEX=");

        assertThat(run("doctor", "--url", base())).as(out).isZero();

        assertThat(out.lines())
                .filteredOn(line -> !line.startsWith("passed"))
                .singleElement()
                .satisfies(line -> assertThat(line).startsWith("warning statuspage key expiry"));
        assertThat(out).contains("passed  webhook subscription acme", "passed  receiver " + base());
    }

    @Test
    void doctorFailsAnAccountWithoutASubscriptionAndSaysHowToFixIt() {
        assertThat(run("doctor", "--url", base())).isEqualTo(Main.FAILED);

        assertThat(out)
                .containsPattern("failed +webhook subscription acme +no subscription delivers to " + base() + "/acme")
                .contains("fix: pagerstatus setup --url " + base() + " --apply");
    }

    @Test
    void doctorListsTheRecentIncidentsWhoseTagReachesNoComponent() {
        world.incidentTagged("acme", "resolved", "component:" + FakeWorld.API);
        world.incidentTagged("acme", "resolved", "component:Website");
        world.incidentTagged("acme", "resolved", "component:nosuch0comp01");
        world.incidentTagged("acme", "resolved", "component:b7x2m9q4k1zc");

        run("doctor");

        String tags = out.lines()
                .filter(line -> line.contains("component tags acme"))
                .findFirst()
                .orElseThrow();
        assertThat(tags)
                .startsWith("warning")
                .contains("1 of 4 incidents triggered in the last 30 days reached a component")
                .contains("'Website' is a name; the id is " + FakeWorld.WEBSITE)
                .contains("'nosuch0comp01' is an id on no page")
                .contains("'b7x2m9q4k1zc' is a group")
                .containsPattern("#\\d+ \\(");
    }

    @Test
    void doctorWithARefusedStatuspageKeySaysItCannotJudgeTheTagsRatherThanBlameThem() {
        world.incidentTagged("acme", "resolved", "component:" + FakeWorld.API);
        env.put("STATUSPAGE_KEY", "not-the-statuspage-key");

        assertThat(run("doctor")).isEqualTo(Main.FAILED);

        assertThat(out).containsPattern("failed +statuspage page");
        assertThat(out.lines().filter(line -> line.contains("component tags acme")))
                .singleElement()
                .satisfies(line -> assertThat(line)
                        .startsWith("warning")
                        .contains("cannot be judged")
                        .doesNotContain("an id on no page"));
    }

    @Test
    void doctorWarnsThirtyDaysBeforeTheStatuspageKeyExpires() {
        env.put(
                EnvironmentSettings.STATUSPAGE_KEY_EXPIRES,
                LocalDate.now().plusDays(20).toString());

        run("doctor");

        assertThat(out).containsPattern("warning statuspage key expiry +expires on .*, in 2\\d days");
    }

    @Test
    void doctorJsonGivesScriptsEveryCheck() throws Exception {
        run("doctor", "--json");

        JsonNode report = Json.MAPPER.readTree(out);
        assertThat(report.path("passed").asBoolean()).isFalse();
        assertThat(report.path("checks").findValuesAsText("status")).contains("passed", "failed");
    }

    @Test
    void setupAndDoctorRefuseBadInputWithAClearMessage() {
        assertThat(run("setup")).isEqualTo(Main.USAGE);
        assertThat(err).contains("setup needs --url");
        assertThat(run("setup", "--url", "ftp://x")).isEqualTo(Main.USAGE);
        assertThat(err).contains("--url must be an http(s) URL");
        assertThat(run("setup", "--url", base(), "--scope", "galaxy")).isEqualTo(Main.USAGE);
        assertThat(err).contains("--scope is account, service:<service id> or team:<team id>");
        assertThat(run("doctor", "--days", "many")).isEqualTo(Main.USAGE);
        assertThat(err).contains("--days must be a number from 1 to 365");
        env.remove(EnvFile.VARIABLE);
        assertThat(run("setup", "--url", base(), "--apply")).isEqualTo(Main.USAGE);
        assertThat(err).contains("set PAGERSTATUS_ENV_FILE");
    }

    @Test
    void setupNeverPrintsASecret() throws Exception {
        run("setup", "--url", base(), "--apply");
        String first = out + err;
        run("setup", "--url", base(), "--rotate", "--apply");
        String printed = first + out + err;

        List<String> secrets = world.pagerDuty.subscriptions("acme").stream()
                .map(subscription -> subscription.secret().reveal())
                .toList();
        assertThat(secrets)
                .isNotEmpty()
                .allSatisfy(secret -> assertThat(printed).doesNotContain(secret));
        assertThat(printed).contains("acme       replace  --rotate");
    }

    @Test
    void aRunningServeAcceptsDeliveriesSignedWithTheSecretsSetupAddsWithoutARestart() {
        assertThat(run("setup", "--url", base(), "--apply")).isZero();
        String first =
                world.incident("acme", "datadog.json", "triggered").path("id").asText();
        world.pagerDuty.setStatus("acme", first, "acknowledged");
        assertThat(run("setup", "--url", base(), "--rotate", "--apply")).isZero();
        world.pagerDuty.setStatus("acme", first, "resolved");

        assertThat(world.pagerDuty.deliveries())
                .filteredOn(delivery -> delivery.url().endsWith("/acme"))
                .extracting(delivery -> delivery.eventType() + " " + delivery.status())
                .containsExactly(
                        "pagey.ping 200", "incident.acknowledged 202", "pagey.ping 200", "incident.resolved 202");
    }

    @Test
    void aServiceScopeForOneAccountIsSetUpAndSatisfiesDoctor() {
        assertThat(run("setup", "--url", base(), "--scope", "acme=service:PSVC101", "--apply"))
                .isZero();

        assertThat(world.pagerDuty.subscriptions("acme").getFirst().filterId()).isEqualTo("PSVC101");
        assertThat(world.pagerDuty.subscriptions("globex").getFirst().filterType())
                .isEqualTo("account_reference");
        run("doctor", "--url", base());
        assertThat(out)
                .containsPattern("passed +webhook subscription acme")
                .containsPattern("passed +webhook subscription globex");
        assertThat(run("setup", "--url", base(), "--scope", "initech=service:PSVC101"))
                .isEqualTo(Main.USAGE);
        assertThat(err).contains("--scope names account 'initech', which is not configured");
    }

    @Test
    void changingTheScopeLeavesOneSubscriptionPerAccountAndDoctorPasses() {
        assertThat(run("setup", "--url", base(), "--apply")).isZero();

        assertThat(run("setup", "--url", base(), "--scope", "acme=service:PSVC101", "--apply"))
                .as(out + err)
                .isZero();

        assertThat(world.pagerDuty.subscriptions("acme"))
                .singleElement()
                .satisfies(subscription -> assertThat(subscription.filterId()).isEqualTo("PSVC101"));
        assertThat(run("setup", "--url", base(), "--scope", "acme=service:PSVC101"))
                .isZero();
        assertThat(out).contains("acme       leave");
        run("doctor", "--url", base());
        assertThat(out).containsPattern("passed +webhook subscription acme");
    }

    @Test
    void setupApplyCreatesAMissingEnvFileReadableByItsOwnerOnly() throws Exception {
        Path fresh = directory.resolve("fresh.env");
        env.put(EnvFile.VARIABLE, fresh.toString());
        env.put("PD_ADMIN_KEY_ACME", FakeWorld.ACME_ADMIN_KEY);
        env.put("PD_ADMIN_KEY_GLOBEX", FakeWorld.GLOBEX_ADMIN_KEY);

        assertThat(run("setup", "--url", base(), "--apply")).as(err).isZero();

        assertThat(Files.getPosixFilePermissions(fresh))
                .isEqualTo(java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        assertThat(Files.readString(fresh)).contains("PD_WEBHOOK_SECRET_ACME=", "PD_WEBHOOK_SECRET_GLOBEX=");
    }

    @Test
    void anEmptyAdminKeyCountsAsUnsetForSetupAndDoctor() {
        assertThat(run("setup", "--url", base(), "--apply")).isZero();
        env.put("PD_ADMIN_KEY_ACME", "");

        assertThat(run("setup", "--url", base())).isEqualTo(Main.USAGE);
        assertThat(err).contains("account acme has no PD_ADMIN_KEY_ACME");
        run("doctor", "--url", base());
        assertThat(out)
                .containsPattern("passed +webhook subscription acme")
                .contains("PD_ADMIN_KEY_ACME is empty, so listed with the account's reading key");
    }

    @Test
    void setupLogsOnlyErrorsAsDoctorDoesSoRetryLinesStayOutOfItsPlan() {
        run("setup", "--url", base());
        Log.Level setup = Log.threshold();
        run("doctor", "--url", base());

        assertThat(setup).isEqualTo(Log.Level.ERROR).isEqualTo(Log.threshold());
    }

    @Test
    void setupPlansWithoutAnEnvFile() {
        env.remove(EnvFile.VARIABLE);
        env.put("PD_ADMIN_KEY_ACME", FakeWorld.ACME_ADMIN_KEY);
        env.put("PD_ADMIN_KEY_GLOBEX", FakeWorld.GLOBEX_ADMIN_KEY);

        assertThat(run("setup", "--url", base())).as(err).isZero();

        assertThat(out).contains("acme       create");
    }
}
