package dev.pagerstatus.pagerduty;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pagerstatus.support.Json;
import dev.pagerstatus.testing.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ComponentTagsTest {

    private static ComponentTags.Scan scan(String fixture) {
        return ComponentTags.scan(Fixtures.json("pagerduty/incidents/" + fixture)
                .path("first_trigger_log_entry")
                .path("channel"));
    }

    @ParameterizedTest(name = "{0} names {1}")
    @CsvSource({
        "datadog.json,          r3n8d5w2c6hj",
        "pingdom.json,          w8d3n6t2p9kf",
        "email.json,            h5c1v8j4g7ry",
        "email-html.json,       k2m7q9w4z1xd",
        "alertmanager.json,     t9p4f7s1k8vb",
        "events-v2-custom.json, m6v2c8x4b1nq",
    })
    void findsTheComponentEachMonitoringToolTagsTheIncidentWith(String fixture, String component) {
        ComponentTags.Scan scan = scan(fixture);

        assertThat(scan.componentIds()).containsExactly(component);
        assertThat(scan.problems()).isEmpty();
    }

    @Test
    void readsEveryComponentOfAnIncidentAndTheWordComponentInAnyCase() {
        assertThat(scan("datadog-two-components.json").componentIds())
                .containsExactlyInAnyOrder("r3n8d5w2c6hj", "q1w2e3r4t5y6");
    }

    @Test
    void findsNothingOnAnUntaggedIncidentAndIgnoresOtherToolsComponentLikeTags() {
        ComponentTags.Scan scan = scan("datadog-untagged.json");

        assertThat(scan.componentIds()).isEmpty();
        assertThat(scan.problems()).isEmpty();
    }

    @Test
    void doesNotReadComponentsFromTheFreeTextOfAManuallyTriggeredIncident() {
        assertThat(scan("web-trigger.json").componentIds()).isEmpty();
    }

    @Test
    void reportsTagsThatLookLikeComponentTagsButCannotBeRead() {
        ComponentTags.Scan scan = scan("malformed-tags.json");

        assertThat(scan.componentIds()).isEmpty();
        assertThat(scan.problems())
                .containsExactlyInAnyOrder(
                        "tag 'component:' names no component id",
                        "tag 'component:api-gateway' is not a Statuspage component id (letters and digits, or <page id>/<component id>)",
                        "details.component is neither a string nor a list");
    }

    @Test
    void readsAlertmanagerLabelsRenderedAsTextByVersionsBefore030() throws Exception {
        var channel = Json.MAPPER.readTree("""
                {"type": "api", "details": {"firing": "Labels:\\n - alertname = DiskFull\\n - component = z8x7c6v5b4n3\\n - severity = page\\n", "num_firing": "1"}}
                """);

        assertThat(ComponentTags.scan(channel).componentIds()).containsExactly("z8x7c6v5b4n3");
    }

    @Test
    void readsAComponentListFromEventsApiCustomDetails() throws Exception {
        var channel = Json.MAPPER.readTree("""
                {"type": "api", "details": {"component": ["a1b2c3d4e5f6", "f6e5d4c3b2a1"]}}
                """);

        assertThat(ComponentTags.scan(channel).componentIds())
                .containsExactlyInAnyOrder("a1b2c3d4e5f6", "f6e5d4c3b2a1");
    }

    @Test
    void aMissingChannelNamesNothing() {
        assertThat(ComponentTags.scan(null).componentIds()).isEmpty();
        assertThat(scan("reference-log-entry.json").componentIds()).isEmpty();
    }
}
