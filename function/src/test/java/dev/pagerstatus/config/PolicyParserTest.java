package dev.pagerstatus.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.pagerstatus.policy.ComponentPolicy;
import dev.pagerstatus.policy.Policy;
import dev.pagerstatus.policy.PublishAfter;
import dev.pagerstatus.policy.Severity;
import dev.pagerstatus.policy.Templates;
import dev.pagerstatus.policy.UpdateKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The policy document: every key known, every value checked, every error one line naming key and line. */
class PolicyParserTest {
    private static final String ORIGIN = "policy file policy.yaml";

    private static Policy parse(String yaml) {
        return PolicyParser.parse(yaml, ORIGIN);
    }

    @Test
    void anEmptyDocumentIsTodaysBehaviour() {
        ComponentPolicy policy = parse("").base();

        assertThat(policy.defaultSeverity()).isEqualTo(Severity.PARTIAL_OUTAGE);
        assertThat(policy.rules()).isEmpty();
        assertThat(policy.publishAfter()).isEqualTo(PublishAfter.ACKNOWLEDGED);
        assertThat(policy.resolveAfter()).isZero();
        assertThat(policy.templates()).isEqualTo(Templates.defaults());
        assertThat(policy.notifications().of(UpdateKind.OPEN)).isTrue();
        assertThat(policy.notifications().of(UpdateKind.IMPROVED)).isFalse();
        assertThat(parse("# nothing but a comment\n").base()).isEqualTo(policy);
    }

    /**
     * The example in docs/policy.md, read from the page itself: it must be real, working text that a reader can copy
     * as it stands. Its words are pagerstatus's own defaults written out, so a placeholder such as "..." (which would
     * publish "Investigating - ...") or a default changed in one place only fails here.
     */
    @Test
    void theExampleInThePolicyDocIsRealWorkingText() throws Exception {
        String doc = Files.readString(Path.of("..", "docs", "policy.md"));
        int start = doc.indexOf("```yaml\n");
        assertThat(start).as("docs/policy.md has a YAML example").isNotNegative();
        String yaml = doc.substring(start + "```yaml\n".length(), doc.indexOf("```", start + 1));

        Policy policy = parse(yaml);

        ComponentPolicy base = policy.base();
        assertThat(base.templates()).isEqualTo(Templates.defaults());
        assertThat(base.notifications()).isEqualTo(parse("").base().notifications());
        assertThat(base.defaultSeverity()).isEqualTo(Severity.PARTIAL_OUTAGE);
        assertThat(base.assess("p1", "high").severity()).isEqualTo(Severity.MAJOR_OUTAGE);
        assertThat(base.assess("P5", "high").severity()).isEqualTo(Severity.NONE);
        assertThat(base.assess(null, "low").severity()).isEqualTo(Severity.DEGRADED_PERFORMANCE);
        assertThat(base.publishAfter()).isEqualTo(PublishAfter.ACKNOWLEDGED);
        assertThat(base.resolveAfter()).isZero();
        assertThat(policy.forComponent("r3n8d5w2c6hj", null).publishAfter()).isEqualTo(PublishAfter.TRIGGERED);
        assertThat(policy.peopleResolveAfter()).hasValue(Duration.ofMinutes(30));
    }

    /** Every key at once, with values other than the defaults, and a group's overrides. */
    @Test
    void readsADocumentWithEveryKey() throws Exception {
        Policy policy = parse(Files.readString(Path.of("src/test/resources/policy/full.yaml")));

        ComponentPolicy base = policy.base();
        assertThat(base.assess("P1", "high").severity()).isEqualTo(Severity.MAJOR_OUTAGE);
        assertThat(base.assess("p5", "high").severity()).isEqualTo(Severity.NONE);
        assertThat(base.assess(null, "low").severity()).isEqualTo(Severity.DEGRADED_PERFORMANCE);
        assertThat(base.assess(null, "high"))
                .isEqualTo(new ComponentPolicy.Assessment(Severity.PARTIAL_OUTAGE, "default"));
        assertThat(base.publishAfter()).isEqualTo(new PublishAfter.OpenFor(Duration.ofMinutes(10)));
        assertThat(base.resolveAfter()).isEqualTo(Duration.ofMinutes(5));
        assertThat(base.templates().openName()).isEqualTo("{{status}} in {{component_name}}");
        assertThat(base.notifications().of(UpdateKind.IMPROVED)).isTrue();
        assertThat(policy.peopleResolveAfter()).hasValue(Duration.ofMinutes(30));

        ComponentPolicy api = policy.forComponent("r3n8d5w2c6hj", null);
        assertThat(api.publishAfter()).isEqualTo(PublishAfter.TRIGGERED);
        assertThat(api.resolveAfter()).as("kept from the defaults").isEqualTo(Duration.ofMinutes(5));
        ComponentPolicy inBackend = policy.forComponent("t9p4f7s1k8vb", "b7x4m2k9d3ww");
        assertThat(inBackend.defaultSeverity()).as("from its group's id").isEqualTo(Severity.MAJOR_OUTAGE);
        assertThat(inBackend.notifications().of(UpdateKind.OPEN)).isFalse();
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "severity:\\n  defualt: major_outage|line 2: unknown key severity.defualt; the keys here are default, rules",
                "publish:\\n  after: eventually|line 2: publish.after must be acknowledged, triggered or a duration such as 10m, not 'eventually'",
                "publish:\\n  resolve_after: 5|line 2: publish.resolve_after must be a duration such as 30s, 10m or 1h30m (at most 7 days), not '5'",
                "publish:\\n  resolve_after: 8d|line 2: publish.resolve_after must be a duration such as 30s, 10m or 1h30m (at most 7 days), not '8d'",
                "severity:\\n  rules:\\n    - priority: P1\\n      status: down|line 4: severity.rules[0].status must be one of none, under_maintenance, degraded_performance, partial_outage, major_outage, not 'down'",
                "severity:\\n  rules:\\n    - status: major_outage|line 3: severity.rules[0] needs a priority or an urgency to match",
                "severity:\\n  rules:\\n    - urgency: medium\\n      status: none|line 3: severity.rules[0].urgency must be high or low",
                "severity:\\n  rules:\\n    - priority: P1|line 3: severity.rules[0].status is missing",
                "templates:\\n  open:\\n    name: \"{{title}} is down\"|line 3: templates.open.name uses the unknown placeholder {{title}}; the placeholders are {{component_name}}, {{status}}, {{since}}",
                "templates:\\n  resolved:\\n    body: \"{{note}}\"|line 3: templates.resolved.body uses the unknown placeholder {{note}}",
                "templates:\\n  monitoring:\\n    name: Watching|line 3: unknown key templates.monitoring.name; the keys here are body",
                "templates:\\n  reopened:\\n    body: again|line 2: unknown key templates.reopened; the kinds are open, escalated",
                "templates:\\n  open:\\n    body: \"Details at https://status.acme.example\"|line 3: templates.open.body would publish a URL (https://status.acme.example)",
                "notify:\\n  open: yes please|line 2: notify.open must be true or false",
                "notify:\\n  open: \"true\"|line 2: notify.open must be true or false",
                "components:\\n  API:\\n    publish: {after: triggered}|line 2: components.API is not a Statuspage component id",
                "components:\\n  r3n8d5w2c6hj:\\n    people: {resolve_after: 1m}|line 3: unknown key components.r3n8d5w2c6hj.people",
                "severity: major|line 1: severity must be a mapping of keys to values",
                "severity:\\n  default: major_outage\\nseverity:\\n  default: none|line 3: severity is given twice",
                "publish: [after|line 1: not valid YAML",
                "a: 1\\n---\\nb: 2|line 3: holds more than one YAML document",
                "templates:\\n  open:\\n    name: &title API trouble\\nseverity:\\n  rules:\\n    - priority: P1\\n      status: *title|line 7: severity.rules.status uses the YAML alias *title; write the value out (anchors and aliases are not read)",
                "defaults: &urgent\\n  status: major_outage|line 1: defaults has the YAML anchor &urgent",
                "publish:\\n\\tafter: triggered|line 2: is indented with a tab; YAML indents with spaces only",
                "severity:\\n  default: major_outage\\npublish:\\n  \\tafter: triggered|line 4: is indented with a tab",
            })
    void stopsAtTheFirstProblemWithOneLineNamingTheKeyAndItsLine(String yaml, String message) {
        assertThatThrownBy(() -> parse(yaml.replace("\\n", "\n").replace("\\t", "\t")))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(ORIGIN + ", " + message)
                .hasMessageNotContaining("\n");
    }

    @Test
    void aShorthandAndTheSamePolicyKeyTogetherAreAConfigurationError(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("policy.yaml");
        Files.writeString(file, "severity:\n  default: major_outage\n");
        Map<String, String> env = new HashMap<>(Map.of(
                "STATUSPAGE_PAGE",
                "kctbh9vrtdwd",
                "STATUSPAGE_KEY",
                "k",
                "PD_ACCOUNT_ACME",
                "k",
                "PAGERSTATUS_POLICY",
                file.toString(),
                "PAGERSTATUS_COMPONENT_STATUS",
                "major_outage"));

        assertThatThrownBy(() -> EnvironmentSettings.load(env))
                .isInstanceOf(ConfigException.class)
                .hasMessage("environment variable PAGERSTATUS_COMPONENT_STATUS and severity.default in policy file "
                        + file + " both set the same thing; keep one");
    }

    @Test
    void theShorthandsStillSetWhatTheyAlwaysDidBesideAPolicy(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("policy.yaml");
        Files.writeString(file, "publish:\n  resolve_after: 2m\n");
        Map<String, String> env = new HashMap<>(Map.of(
                "STATUSPAGE_PAGE",
                "kctbh9vrtdwd",
                "STATUSPAGE_KEY",
                "k",
                "PD_ACCOUNT_ACME",
                "k",
                "PAGERSTATUS_POLICY",
                file.toString(),
                "PAGERSTATUS_INCIDENT_NAME",
                "{{component_name}} is down",
                "PAGERSTATUS_NOTIFY_SUBSCRIBERS",
                "false"));

        ComponentPolicy policy = EnvironmentSettings.load(env).policy().base();

        assertThat(policy.resolveAfter()).isEqualTo(Duration.ofMinutes(2));
        assertThat(policy.templates().openName()).isEqualTo("{{component_name}} is down");
        assertThat(UpdateKind.values())
                .allSatisfy(kind -> assertThat(policy.notifications().of(kind)).isFalse());
    }

    @Test
    void aPolicyFileThatIsNotThereStopsTheProgramNamingIt() {
        Map<String, String> env = new HashMap<>(Map.of(
                "STATUSPAGE_PAGE",
                "kctbh9vrtdwd",
                "STATUSPAGE_KEY",
                "k",
                "PD_ACCOUNT_ACME",
                "k",
                "PAGERSTATUS_POLICY",
                "/nonexistent/policy.yaml"));

        assertThatThrownBy(() -> EnvironmentSettings.load(env))
                .hasMessage(
                        "environment variable PAGERSTATUS_POLICY names /nonexistent/policy.yaml, which does not exist");
    }

    @Test
    void tabsInsideBlockTextAndQuotedStringsAreText() {
        Policy policy = parse("templates:\n  open:\n    body: |\n      Checkout is slow.\n      \tWe are on it.\n"
                + "  resolved:\n    body: \"Checkout is back.\n\tThanks for waiting.\"\n");

        assertThat(policy.base().templates().body(UpdateKind.OPEN)).contains("\tWe are on it.");
    }

    @Test
    void anAliasWithoutItsAnchorIsRefusedNamingItsLine() {
        assertThatThrownBy(() -> parse("templates:\n  open:\n    name: *title\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(ORIGIN + ", line 3")
                .hasMessageNotContaining("\n");
    }

    @Test
    void aPolicyPathThatIsADirectoryOrADeviceIsRefusedAtOnce(@TempDir Path dir) {
        for (String path : List.of(dir.toString(), "/dev/zero", "/dev/urandom")) {
            Map<String, String> env = new HashMap<>(
                    Map.of("STATUSPAGE_PAGE", "kctbh9vrtdwd", "STATUSPAGE_KEY", "k", "PD_ACCOUNT_ACME", "k"));
            env.put("PAGERSTATUS_POLICY", path);

            assertThatThrownBy(() -> EnvironmentSettings.load(env))
                    .hasMessage("environment variable PAGERSTATUS_POLICY names " + path
                            + ", which is not a regular file; name the policy file itself");
        }
    }

    @Test
    void aPolicyPathThatIsAPipeIsRefusedWithoutWaitingForAWriter(@TempDir Path dir) throws Exception {
        Path fifo = dir.resolve("policy.yaml");
        Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).start();
        assumeTrue(mkfifo.waitFor() == 0, "mkfifo is available");
        Map<String, String> env =
                new HashMap<>(Map.of("STATUSPAGE_PAGE", "kctbh9vrtdwd", "STATUSPAGE_KEY", "k", "PD_ACCOUNT_ACME", "k"));
        env.put("PAGERSTATUS_POLICY", fifo.toString());

        assertThatThrownBy(() -> EnvironmentSettings.load(env))
                .hasMessageEndingWith("which is not a regular file; name the policy file itself");
    }

    @Test
    void theBundledDemoPolicyIsValid() throws Exception {
        Policy policy = parse(Files.readString(Path.of("../samples/demo/policy.yaml")));

        assertThat(policy.base().assess("P1", "high").severity()).isEqualTo(Severity.MAJOR_OUTAGE);
        assertThat(policy.base().resolveAfter()).isEqualTo(Duration.ofSeconds(30));
    }
}
