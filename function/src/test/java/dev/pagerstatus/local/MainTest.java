package dev.pagerstatus.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pagerstatus.support.Json;
import dev.pagerstatus.support.Log;
import dev.pagerstatus.testing.FakeWorld;
import dev.pagerstatus.testing.LogLines;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MainTest {
    private final FakeWorld world = new FakeWorld();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @RegisterExtension
    final LogLines logLines = new LogLines();

    private final List<String> logs = logLines.lines();

    @AfterEach
    void stop() {
        Log.threshold(Log.Level.INFO);
        world.close();
    }

    private int run(Map<String, String> env, String... args) {
        return Main.run(
                args,
                env,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void planPrintsATableOfWhatWouldChangeAndWritesNothing() {
        world.incident("acme", "datadog.json", "acknowledged");
        world.incident("globex", "pingdom.json", "triggered");

        int status = run(world.environment(), "plan");

        assertThat(status).isZero();
        assertThat(out())
                .contains("Status page kctbh9vrtdwd: 1 to open, 1 waiting (plan only; nothing written)")
                .contains("COMPONENT", "ACTION", "WHY", "PAGERDUTY")
                .containsPattern("r3n8d5w2c6hj  API +open +partial_outage +acknowledged in PagerDuty \\(acme#1000\\)"
                        + " +acme#1000 acknowledged")
                .containsPattern("w8d3n6t2p9kf  Website +wait +- +triggered in PagerDuty");
        assertThat(world.writesToStatuspage()).isZero();
    }

    @Test
    void planGroupsItsTableByPageWhenItKeepsSeveral() {
        world.incidentTagged("acme", "acknowledged", "component:" + FakeWorld.API, "component:" + FakeWorld.VPN);
        world.incidentTagged("globex", "triggered", "component:zz99nowhere00");

        assertThat(run(world.environmentWithBothPages(), "plan")).isZero();

        String out = out();
        assertThat(out)
                .startsWith("Status pages kctbh9vrtdwd, qn3v8z2r6b1c: 2 to open (plan only; nothing written)")
                .contains("Page kctbh9vrtdwd:\nCOMPONENT", "Page qn3v8z2r6b1c:\nCOMPONENT")
                .containsPattern("v4n9s2k7q3le  VPN +open")
                .contains("which is not on any of the status pages (kctbh9vrtdwd, qn3v8z2r6b1c); skipped");
        assertThat(out.indexOf("r3n8d5w2c6hj  API")).isLessThan(out.indexOf("Page qn3v8z2r6b1c:"));
    }

    @Test
    void planSaysWhyEachComponentHasItsStatusAndWhatFallsDueWhen(@TempDir Path dir) throws Exception {
        Path policy = dir.resolve("policy.yaml");
        Files.writeString(
                policy,
                "severity:\n  rules:\n    - priority: P1\n      status: major_outage\n" + "publish:\n  after: 10m\n");
        ObjectNode api = world.incident("acme", "datadog.json", "acknowledged");
        world.pagerDuty.setPriority("acme", api.path("id").asText(), "P1");
        world.incident("acme", "datadog.json", "acknowledged");
        world.incident("globex", "pingdom.json", "triggered", Instant.now().minusSeconds(60));
        Map<String, String> env = world.environment();
        env.put("PAGERSTATUS_POLICY", policy.toString());

        assertThat(run(env, "plan")).isZero();

        assertThat(out())
                .containsPattern("r3n8d5w2c6hj  API +open +major_outage")
                .contains(
                        "Status:\n  API: major_outage, worst of acme#1000 P1 → major_outage, acme#1001 → partial_outage")
                .containsPattern("Due:\n  Website: publishes unless resolved first \\(20\\d\\d-")
                .containsPattern("acme#1000 acknowledged P1");
    }

    @Test
    void planFitsItsTableInAHundredAndTwentyColumnsWrappingWhatIsLongRatherThanCuttingIt(@TempDir Path dir)
            throws Exception {
        Path policy = dir.resolve("policy.yaml");
        Files.writeString(
                policy,
                "severity:\n  rules:\n    - priority: P1\n      status: major_outage\n" + "publish:\n  after: 10m\n");
        for (int i = 0; i < 4; i++) {
            ObjectNode api = world.incident("acme", "datadog.json", "acknowledged");
            world.pagerDuty.setPriority("acme", api.path("id").asText(), "P" + (i + 1));
        }
        world.incident("globex", "pingdom.json", "triggered", Instant.now().minusSeconds(60));
        Map<String, String> env = world.environment();
        env.put("PAGERSTATUS_POLICY", policy.toString());

        assertThat(run(env, "plan")).isZero();

        String out = out();
        assertThat(out.lines()).allSatisfy(line -> assertThat(line).hasSizeLessThanOrEqualTo(120));
        assertThat(out)
                .containsPattern("r3n8d5w2c6hj  API +open +major_outage +acknowledged in PagerDuty")
                .contains("acme#1000 acknowledged P1\n", "acme#1003 acknowledged P4\n");
        assertThat(out.replaceAll("\\s+", " "))
                .as("nothing is cut, only wrapped")
                .contains("worst of acme#1000 P1 → major_outage, acme#1001 P2 → partial_outage,"
                        + " acme#1002 P3 → partial_outage, acme#1003 P4 → partial_outage");
    }

    @Test
    void planJsonGivesScriptsTheSameFacts() throws Exception {
        world.incident("acme", "datadog.json", "acknowledged");

        assertThat(run(world.environment(), "plan", "--json")).isZero();

        JsonNode report = Json.MAPPER.readTree(out());
        assertThat(report.path("applied").asBoolean()).isFalse();
        assertThat(report.path("succeeded").asBoolean()).isTrue();
        JsonNode change = report.path("changes").get(0);
        assertThat(change.path("action").asText()).isEqualTo("open");
        assertThat(change.path("component").path("id").asText()).isEqualTo("r3n8d5w2c6hj");
        assertThat(change.path("component").path("name").asText()).isEqualTo("API");
        assertThat(change.path("pagerduty").get(0).path("account").asText()).isEqualTo("acme");
        assertThat(change.path("pagerduty").get(0).path("status").asText()).isEqualTo("acknowledged");
    }

    @Test
    void syncWritesAndExitsZeroThenFindsNothingToDo() {
        world.incident("acme", "datadog.json", "acknowledged");

        assertThat(run(world.environment(), "sync")).isZero();
        assertThat(out()).startsWith("Status page kctbh9vrtdwd: 1 opened");
        out.reset();

        assertThat(run(world.environment(), "sync")).isZero();
        assertThat(out()).startsWith("Status page kctbh9vrtdwd: 1 unchanged");
    }

    @Test
    void syncExitsNonZeroAndSaysWhichReadFailedWhenAKeyIsRefused() {
        Map<String, String> env = world.environment();
        env.put("PD_ACCOUNT_GLOBEX", "revoked-key");

        int status = run(env, "sync");

        assertThat(status).isEqualTo(Main.FAILED);
        assertThat(out())
                .contains("a read failed, so nothing was written")
                .contains("PagerDuty account 'globex': PagerDuty GET " + world.apis.pagerDutyUrl() + "/incidents: 401"
                        + " Unauthorized (the API key was refused)");
    }

    @Test
    void aMissingSettingStopsAtStartWithOneLineNamingIt() {
        Map<String, String> env = world.environment();
        env.remove("STATUSPAGE_KEY");

        int status = run(env, "sync");

        assertThat(status).isEqualTo(Main.USAGE);
        assertThat(err())
                .isEqualTo("pagerstatus: configuration error: environment variable STATUSPAGE_KEY is not set\n");
        assertThat(out()).isEmpty();
        assertThat(world.traffic.statuspage()).isEmpty();
    }

    @Test
    void anUnknownCommandPrintsUsage() {
        assertThat(run(world.environment(), "resolve-everything")).isEqualTo(Main.USAGE);
        assertThat(err())
                .startsWith("pagerstatus: unknown command 'resolve-everything'")
                .contains("usage: pagerstatus <command>");
    }

    @ParameterizedTest
    @ValueSource(strings = {"plan", "sync", "serve", "demo", "version"})
    void everyCommandHasItsOwnHelp(String command) {
        assertThat(run(Map.of(), command, "--help")).isZero();
        assertThat(out()).startsWith("usage: pagerstatus " + command);
        String help = out();
        out.reset();

        assertThat(run(Map.of(), "help", command)).isZero();
        assertThat(out()).isEqualTo(help);
        out.reset();

        assertThat(run(Map.of(), command, "-h")).isZero();
        assertThat(out()).isEqualTo(help);
        assertThat(err()).isEmpty();
    }

    @Test
    void helpForACommandNamesItsOptions() {
        run(Map.of(), "serve", "--help");

        assertThat(out()).contains("--port N", "--host ADDRESS", "--interval S", "STATUSPAGE_PAGE");
    }

    @Test
    void aWrongOptionShowsThatCommandsHelp() {
        assertThat(run(world.environment(), "plan", "--yes")).isEqualTo(Main.USAGE);

        assertThat(err())
                .startsWith("pagerstatus: unknown option '--yes' for plan\n")
                .contains("usage: pagerstatus plan [--json]")
                .doesNotContain("usage: pagerstatus <command>");
    }

    @Test
    void aLogLevelTheReadmeDoesNotListStopsAtStart() {
        Map<String, String> env = world.environment();
        env.put("PAGERSTATUS_LOG_LEVEL", "debug");

        assertThat(run(env, "sync")).isEqualTo(Main.USAGE);
        assertThat(err())
                .isEqualTo("pagerstatus: configuration error: environment variable PAGERSTATUS_LOG_LEVEL"
                        + " must be info, warn or error\n");
        assertThat(world.traffic.all()).isEmpty();
    }

    @Test
    void aHostThatIsNotThisMachinesSaysToChangeTheHost() {
        assertThat(run(world.environment(), "serve", "--host", "no-such-host.invalid", "--port", "0"))
                .isEqualTo(Main.FAILED);
        assertThat(err())
                .startsWith("pagerstatus: --host no-such-host.invalid is not a name or address this machine"
                        + " can resolve")
                .doesNotContain("--port");
        err.reset();

        assertThat(run(world.environment(), "serve", "--host", "192.0.2.1", "--port", "0"))
                .isEqualTo(Main.FAILED);
        assertThat(err()).contains("192.0.2.1 is not an address of this machine; choose another with --host");
    }

    @Test
    void serveAndDemoSayWhichOptionIsWrong() {
        assertThat(run(world.environment(), "serve", "--port", "70000")).isEqualTo(Main.USAGE);
        assertThat(err()).startsWith("pagerstatus: --port must be a number from 0 to 65535");
        err.reset();

        assertThat(run(world.environment(), "demo", "--interval")).isEqualTo(Main.USAGE);
        assertThat(err()).startsWith("pagerstatus: --interval needs a value");
        err.reset();

        assertThat(run(Map.of(), "serve")).isEqualTo(Main.USAGE);
        assertThat(err())
                .isEqualTo("pagerstatus: configuration error: environment variable STATUSPAGE_PAGE is not set\n");
    }

    @Test
    void noKeyEverAppearsInOutputOrLogs() {
        world.incident("acme", "datadog.json", "acknowledged");
        Map<String, String> env = world.environment();
        env.put("PD_ACCOUNT_GLOBEX", "revoked-key-0123456789");

        run(env, "sync", "--json");
        run(env, "plan");

        String everything = out() + err() + String.join("\n", logs);
        assertThat(everything)
                .isNotBlank()
                .doesNotContain(FakeWorld.STATUSPAGE_KEY)
                .doesNotContain(FakeWorld.ACME_KEY)
                .doesNotContain("revoked-key-0123456789");
    }
}
