package dev.pagerstatus.sync;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pagerstatus.support.Json;
import dev.pagerstatus.testing.FakeWorld;
import dev.pagerstatus.testing.Fixtures;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Incidents people wrote on the page are theirs: pagerstatus adopts only the Python tool's exact watermark, and a
 * record at {@code metadata.pagerstatus} steers it only when pagerstatus could have written it.
 */
class PeoplesIncidentsTest {
    private static final String API = "r3n8d5w2c6hj";
    private static final String WEBSITE = "w8d3n6t2p9kf";

    private final FakeWorld world = new FakeWorld();

    @AfterEach
    void stop() {
        world.close();
    }

    @Test
    void aPersonsIncidentThatOpensWithTheStormSymbolIsNotAdoptedNorResolved() {
        world.statuspage.setComponentStatus(API, "partial_outage");
        world.statuspage.addIncident(personsIncident(
                "st0rm0000001",
                "⛈ Severe thunderstorms near our Frankfurt data centre may cause brief interruptions.",
                Json.MAPPER.createObjectNode()));

        SyncReport report = world.syncService().pass(Set.of());

        assertThat(report.succeeded()).isTrue();
        assertThat(world.writesToStatuspage()).isZero();
        assertThat(world.statuspage.incident("st0rm0000001").path("status").asText())
                .isEqualTo("investigating");
        assertThat(world.statuspage.componentStatus(API)).isEqualTo("partial_outage");
    }

    @Test
    void thePythonToolsNoticeWithTheStormOnALineOfItsOwnIsAdoptedAndResolved() {
        world.statuspage.addIncident(personsIncident(
                "py0000000001",
                "Automated monitoring has determined that API is experiencing errors.\n⛈",
                Json.MAPPER.createObjectNode()));

        world.syncService().pass(Set.of());

        assertThat(world.statuspage.incident("py0000000001").path("status").asText())
                .isEqualTo("resolved");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "not managed            |{\"managed\": \"false\", \"component\": \"r3n8d5w2c6hj\", \"pagerduty\": \"acme/Q1F7K0ZP3XW9LM\"}|its record does not say managed: \"true\"",
                "an empty record        |{}|its record does not say managed: \"true\"",
                "another component      |{\"managed\": \"true\", \"component\": \"w8d3n6t2p9kf\", \"pagerduty\": \"acme/Q1F7K0ZP3XW9LM\"}|its record names component w8d3n6t2p9kf, which the incident is not attached to",
                "an unconfigured account|{\"managed\": \"true\", \"component\": \"r3n8d5w2c6hj\", \"pagerduty\": \"initech/Q1F7K0ZP3XW9LM\"}|its record names an incident of account initech, which is not configured here (another deployment's notice; if this one used to read that account, resolve the notice by hand)",
                "a malformed reference  |{\"managed\": \"true\", \"component\": \"r3n8d5w2c6hj\", \"pagerduty\": \"acme/Q1 F7'K0\"}|its record names a PagerDuty incident that is not shaped like one (acme/Q1 F7'K0)",
                "a record not an object |\"true\"|its record does not say managed: \"true\"",
            })
    void aRecordPagerstatusCouldNotHaveWrittenLeavesThePersonsIncidentAloneAndIsReported(
            String what, String record, String reason) throws Exception {
        world.statuspage.setComponentStatus(API, "major_outage");
        world.statuspage.setComponentStatus(WEBSITE, "degraded_performance");
        ObjectNode metadata = Json.MAPPER.createObjectNode();
        metadata.set("pagerstatus", Json.MAPPER.readTree(record));
        world.statuspage.addIncident(personsIncident("p3rs0n000001", "We are looking into slow logins.", metadata));

        SyncReport report = world.syncService().pass(Set.of());

        assertThat(world.writesToStatuspage()).isZero();
        assertThat(world.statuspage.incident("p3rs0n000001").path("status").asText())
                .isEqualTo("investigating");
        assertThat(world.statuspage.componentStatus(API)).isEqualTo("major_outage");
        assertThat(world.statuspage.componentStatus(WEBSITE)).isEqualTo("degraded_performance");
        assertThat(report.findings())
                .extracting(Finding::message)
                .contains("Statuspage incident p3rs0n000001 carries a pagerstatus record that pagerstatus did not"
                        + " write here: " + reason + "; it is treated as a person's and left alone");
    }

    @Test
    void ourNoticeWhoseMetadataHoldsAValueTooDeepToReadIsLeftAloneRatherThanWrittenBackDamaged() {
        ObjectNode incident = world.incident("acme", "datadog.json", "acknowledged");
        world.syncService().pass(Set.of());
        ObjectNode notice = world.statuspage.unresolvedIncidents().getFirst();
        ObjectNode level = ((ObjectNode) notice.path("metadata")).putObject("jira");
        for (int i = 0; i < 80; i++) {
            level = level.putObject("tree");
        }
        world.statuspage.addIncident(notice);
        world.pagerDuty.setStatus("acme", incident.path("id").asText(), "resolved");
        world.traffic.clear();

        SyncReport report = world.syncService().pass(Set.of());

        assertThat(world.writesToStatuspage()).isZero();
        assertThat(report.findings()).extracting(Finding::kind).containsExactly(Finding.Kind.UNUSABLE_INCIDENT);
    }

    @Test
    void aPersonsCopyOfARecordBesideOurNoticeIsNeverClosedAsItsDuplicate() {
        world.incident("acme", "datadog.json", "acknowledged");
        SyncService sync = world.syncService();
        sync.pass(Set.of());
        ObjectNode ours = world.statuspage.unresolvedIncidents().getFirst();
        ObjectNode copied = ours.path("metadata").deepCopy();
        ((ObjectNode) copied.path("pagerstatus")).put("managed", "false");
        ObjectNode persons = personsIncident("p3rs0n000002", "Logins are slow for some customers.", copied);
        persons.put("created_at", "2020-01-01T00:00:00Z");
        world.statuspage.addIncident(persons);
        world.traffic.clear();

        world.syncService().pass(Set.of());

        assertThat(world.statuspage.incident("p3rs0n000002").path("status").asText())
                .isEqualTo("investigating");
        assertThat(world.traffic.statuspage())
                .noneMatch(request -> request.path().contains("p3rs0n000002")
                        && !request.method().equals("GET"));
        assertThat(world.statuspage
                        .incident(ours.path("id").asText())
                        .path("status")
                        .asText())
                .as("ours stays open while acme's incident is")
                .isEqualTo("investigating");
    }

    /** An incident typed into Statuspage by a person, on the API component, shaped as Statuspage lists it. */
    private static ObjectNode personsIncident(String id, String body, ObjectNode metadata) {
        ObjectNode incident = (ObjectNode)
                Fixtures.json("statuspage/incidents-unresolved.json").get(0).deepCopy();
        incident.put("id", id);
        incident.put("name", "Slow logins");
        incident.set("metadata", metadata);
        ObjectNode update = (ObjectNode) incident.path("incident_updates").get(0);
        update.put("incident_id", id);
        update.put("body", body);
        return incident;
    }
}
