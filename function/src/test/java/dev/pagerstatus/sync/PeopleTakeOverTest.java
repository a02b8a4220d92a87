package dev.pagerstatus.sync;

import static dev.pagerstatus.testing.FakeWorld.API;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pagerstatus.policy.Severity;
import dev.pagerstatus.testing.FakeWorld;
import dev.pagerstatus.testing.Fixtures;
import dev.pagerstatus.testing.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * People keep full control of a notice they work on: once a person changes a pagerstatus notice, pagerstatus
 * writes nothing more to it, and a notice a person resolved is not opened again for the same incidents. All of
 * it is read from the notices themselves, so a cold Lambda decides as a warm one does.
 */
class PeopleTakeOverTest {
    private final FakeWorld world = new FakeWorld();

    @AfterEach
    void stop() {
        world.close();
    }

    @Test
    void aPersonsUpdateHandsTheNoticeOverAndPagerstatusWritesNothingMoreToIt() {
        ObjectNode incident = world.incident("acme", "datadog.json", "acknowledged");
        world.syncService().sync();
        String notice = onlyNotice().path("id").asText();
        world.statuspage.personUpdate(notice, "identified", "We have found a faulty deploy and are rolling it back.");
        world.pagerDuty.setPriority("acme", incident.path("id").asText(), "P1");
        world.pagerDuty.addNote(
                "acme", incident.path("id").asText(), "#public The rollback is under way.", "jordan@acme.example");
        world.traffic.clear();

        SyncReport report = world.syncService(P1_IS_MAJOR)
                .pass(Set.of("acme/" + incident.path("id").asText()));

        assertThat(world.writesToStatuspage()).isZero();
        assertThat(report.changes()).singleElement().satisfies(change -> {
            assertThat(change.action()).isEqualTo(Action.KEEP);
            assertThat(change.reason())
                    .startsWith("handed over to a person at ")
                    .contains("a person posted an update")
                    .contains("pagerstatus writes nothing more to it");
            assertThat(change.severity())
                    .as("what the page shows, not the P1's major outage pagerstatus no longer sets")
                    .isEqualTo(Severity.PARTIAL_OUTAGE);
            assertThat(change.severityReason()).startsWith("as the person left it on the page");
        });
        assertThat(report.findings())
                .extracting(Finding::kind)
                .as("the policy changed since the notice was written, which plan also says")
                .containsExactly(Finding.Kind.OTHER_POLICY, Finding.Kind.HELD_PUBLIC_NOTE);
        assertThat(world.statuspage.componentStatus(API)).isEqualTo("partial_outage");
        assertThat(onlyNotice().path("status").asText()).isEqualTo("identified");
    }

    @Test
    void renamingTheNoticeOrSettingItsStatusWithoutWordsIsATakeoverToo() {
        world.incident("acme", "datadog.json", "acknowledged");
        world.syncService().sync();
        String notice = onlyNotice().path("id").asText();

        world.statuspage.personRename(notice, "Elevated API error rates");
        assertThat(world.syncService().plan().changes().getFirst().reason()).contains("a person renamed it");

        world.statuspage.personRename(notice, "Investigating errors in API");
        world.statuspage.personUpdate(notice, "identified", "");
        assertThat(world.syncService().plan().changes().getFirst().reason()).contains("a person set it to identified");
    }

    @Test
    void pagerstatusOwnUpdatesNeverReadAsAPersons() {
        ObjectNode incident = world.incident("acme", "datadog.json", "acknowledged");
        SyncService sync = world.syncService(P1_IS_MAJOR);
        sync.pass(Set.of());
        world.pagerDuty.setPriority("acme", incident.path("id").asText(), "P1");
        world.pagerDuty.addNote(
                "acme", incident.path("id").asText(), "#public The rollback is under way.", "jordan@acme.example");
        sync.pass(Set.of("acme/" + incident.path("id").asText()));
        world.pagerDuty.setPriority("acme", incident.path("id").asText(), "P3");

        SyncReport report = sync.pass(Set.of());

        assertThat(report.changes()).extracting(PlannedChange::action).containsExactly(Action.IMPROVE);
        assertThat(onlyNotice().path("incident_updates")).hasSize(4);
    }

    @Test
    void whenPagerDutyResolvesAHandedOverNoticeStaysOpenAndIsReported() {
        ObjectNode incident = world.incident("acme", "datadog.json", "acknowledged");
        world.syncService().sync();
        String notice = onlyNotice().path("id").asText();
        world.statuspage.personUpdate(notice, "identified", "We are rolling back a configuration change.");
        world.pagerDuty.setStatus("acme", incident.path("id").asText(), "resolved");
        world.traffic.clear();
        SyncService sync = world.syncService();

        SyncReport report = sync.pass(Set.of());

        assertThat(world.writesToStatuspage()).isZero();
        assertThat(onlyNotice().path("status").asText()).isEqualTo("identified");
        assertThat(report.findings()).singleElement().satisfies(finding -> {
            assertThat(finding.kind()).isEqualTo(Finding.Kind.HANDED_OVER);
            assertThat(finding.message())
                    .matches("notice " + notice + " for API \\(" + API + "\\) was handed over to a person"
                            + " at \\d\\d:\\d\\d(:\\d\\d)? UTC \\(a person posted an update\\); PagerDuty"
                            + " resolved at \\d\\d:\\d\\d(:\\d\\d)? UTC; still open");
        });
        // When PagerDuty resolved it is read once; resolved incidents stay resolved.
        assertThat(world.traffic.pagerDuty())
                .filteredOn(request -> request.path()
                        .equals("/incidents/" + incident.path("id").asText()))
                .hasSize(1);
        world.traffic.clear();
        sync.pass(Set.of());
        assertThat(world.traffic.pagerDuty())
                .filteredOn(request -> request.path().startsWith("/incidents/"))
                .isEmpty();
    }

    @Test
    void peopleResolveAfterResolvesAHandedOverNoticeThatLongAfterPagerDutyDid() {
        ObjectNode incident = world.incident("acme", "datadog.json", "acknowledged");
        world.syncService().sync();
        String notice = onlyNotice().path("id").asText();
        world.statuspage.personUpdate(notice, "identified", "We are rolling back a configuration change.");
        world.pagerDuty.setStatus("acme", incident.path("id").asText(), "resolved");
        ManualClock clock = new ManualClock(Instant.now());
        SyncService sync =
                world.clients().withClock(clock).syncService(world.settings("people:\n  resolve_after: 30m\n"));

        SyncReport waiting = sync.pass(Set.of());
        clock.advance(Duration.ofMinutes(31));
        SyncReport resolving = sync.pass(Set.of());

        assertThat(waiting.changes().getFirst().action()).isEqualTo(Action.KEEP);
        assertThat(waiting.changes().getFirst().dueReason())
                .startsWith("resolves at ")
                .endsWith(" unless the person does (people.resolve_after)");
        assertThat(waiting.nextDue()).isNotNull();
        assertThat(resolving.changes()).extracting(PlannedChange::action).containsExactly(Action.RESOLVE);
        assertThat(world.statuspage.unresolvedIncidents()).isEmpty();
        assertThat(world.statuspage.componentStatus(API)).isEqualTo("operational");
        JsonNode resolved = world.statuspage.incident(notice);
        assertThat(resolved.path("incident_updates").get(0).path("body").asText())
                .isEqualTo("API is operating normally again. This incident has been resolved.");
    }

    @Test
    void aNoticeAPersonResolvedIsNotOpenedAgainForTheSameIncidents() {
        world.incident("acme", "datadog.json", "acknowledged");
        world.syncService().sync();
        String notice = onlyNotice().path("id").asText();
        world.statuspage.personUpdate(notice, "resolved", "This incident has been resolved.");

        SyncReport report = world.syncService().sync();

        assertThat(world.statuspage.unresolvedIncidents()).isEmpty();
        assertThat(report.changes()).singleElement().satisfies(change -> {
            assertThat(change.action()).isEqualTo(Action.WAIT);
            assertThat(change.reason())
                    .startsWith("a person resolved its notice " + notice + " at ")
                    .contains("only a PagerDuty incident not behind it opens a new one");
        });
    }

    @Test
    void anIncidentThatWasNotBehindTheResolvedNoticeOpensANewOne() {
        world.incident("acme", "datadog.json", "acknowledged");
        world.syncService().sync();
        world.statuspage.personUpdate(onlyNotice().path("id").asText(), "resolved", "Resolved.");
        ObjectNode later = world.incident("globex", "datadog.json", "acknowledged");

        SyncReport report = world.syncService().sync();

        assertThat(report.count(Action.OPEN)).isEqualTo(1);
        assertThat(onlyNotice()
                        .path("metadata")
                        .path("pagerstatus")
                        .path("pagerduty")
                        .asText())
                .isEqualTo("globex/" + later.path("id").asText());
    }

    @Test
    void theFixtureNoticeWithAPersonsUpdateIsLeftAlone() {
        ObjectNode incident = world.incident("acme", "datadog.json", "acknowledged");
        ObjectNode notice = (ObjectNode) Fixtures.json("statuspage/notice-with-a-persons-update.json");
        ((ObjectNode) notice.path("metadata").path("pagerstatus"))
                .put("pagerduty", "acme/" + incident.path("id").asText());
        world.statuspage.addIncident(notice);
        world.pagerDuty.setPriority("acme", incident.path("id").asText(), "P1");

        SyncReport report = world.syncService(P1_IS_MAJOR).sync();

        assertThat(world.writesToStatuspage()).isZero();
        assertThat(report.changes().getFirst().reason())
                .startsWith("handed over to a person at 10:02:11 UTC (a person posted an update)");
    }

    @Test
    void theFixtureNoticeAPersonResolvedKeepsItsIncidentOffThePage() {
        ObjectNode incident = world.incident("acme", "datadog.json", "acknowledged");
        ObjectNode notice = (ObjectNode) Fixtures.json("statuspage/notice-resolved-by-a-person.json");
        ((ObjectNode) notice.path("metadata").path("pagerstatus"))
                .put("pagerduty", "acme/" + incident.path("id").asText());
        world.statuspage.addIncident(notice);

        SyncReport report = world.syncService().sync();

        assertThat(world.writesToStatuspage()).isZero();
        assertThat(report.changes().getFirst().reason())
                .startsWith("a person resolved its notice r3s0lv3dbyp1 at 10:20:45 UTC while acme#");
    }

    private static final String P1_IS_MAJOR = "severity:\n  rules:\n    - priority: P1\n      status: major_outage\n";

    private JsonNode onlyNotice() {
        List<com.fasterxml.jackson.databind.node.ObjectNode> open = world.statuspage.unresolvedIncidents();
        assertThat(open).hasSize(1);
        return open.getFirst();
    }
}
