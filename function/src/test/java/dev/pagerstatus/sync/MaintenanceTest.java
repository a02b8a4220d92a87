package dev.pagerstatus.sync;

import static dev.pagerstatus.testing.FakeWorld.API;
import static dev.pagerstatus.testing.FakeWorld.DATABASE;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pagerstatus.testing.FakeWorld;
import dev.pagerstatus.testing.Fixtures;
import dev.pagerstatus.testing.Traffic;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A maintenance in progress belongs to the people who planned it: the components it is on (or whose status is
 * {@code under_maintenance}) get no new notice and no status change from pagerstatus until it ends.
 */
class MaintenanceTest {
    private final FakeWorld world = new FakeWorld();

    @AfterEach
    void stop() {
        world.close();
    }

    @Test
    void noNoticeOpensOnAComponentInMaintenanceAndOneOpensWhenItEnds() {
        Instant until = Instant.now().plus(Duration.ofHours(2)).truncatedTo(java.time.temporal.ChronoUnit.MINUTES);
        String maintenance = world.statuspage.addMaintenance(
                "API gateway upgrade", List.of(API), Instant.now().minus(Duration.ofMinutes(10)), until, false);
        world.incident("acme", "datadog.json", "acknowledged");

        SyncReport during = world.syncService().sync();

        assertThat(world.writesToStatuspage()).isZero();
        assertThat(world.statuspage.componentStatus(API)).isEqualTo("operational");
        assertThat(during.changes()).singleElement().satisfies(change -> {
            assertThat(change.action()).isEqualTo(Action.WAIT);
            assertThat(change.reason())
                    .startsWith("under maintenance ('API gateway upgrade', until "
                            + Describe.time(until) + "); no notice and no status change while it lasts;"
                            + " opens after it if PagerDuty is still open");
            assertThat(change.due()).isEqualTo(until);
        });

        world.statuspage.completeMaintenance(maintenance);
        SyncReport after = world.syncService().sync();

        assertThat(after.count(Action.OPEN)).isEqualTo(1);
        assertThat(world.statuspage.componentStatus(API)).isEqualTo("partial_outage");
    }

    @Test
    void aComponentWhoseStatusIsUnderMaintenanceGetsNoNoticeEither() {
        world.statuspage.addMaintenance(
                "Database cluster upgrade",
                List.of(DATABASE),
                Instant.now().minus(Duration.ofMinutes(10)),
                Instant.now().plus(Duration.ofHours(1)),
                true);
        world.incident("acme", "alertmanager.json", "acknowledged");

        SyncReport report = world.syncService().sync();

        assertThat(world.writesToStatuspage()).isZero();
        assertThat(world.statuspage.componentStatus(DATABASE)).isEqualTo("under_maintenance");
        assertThat(report.changes().getFirst().action()).isEqualTo(Action.WAIT);
    }

    @Test
    void theFixtureMaintenanceInProgressHoldsItsComponent() {
        ObjectNode maintenance = (ObjectNode)
                Fixtures.json("statuspage/maintenance-in-progress.json").get(0);
        // Planned for tonight, as the fixture was: keep it running whenever the test runs.
        maintenance.put(
                "scheduled_until", Instant.now().plus(Duration.ofHours(1)).toString());
        world.statuspage.addIncident(maintenance);
        world.incident("acme", "alertmanager.json", "acknowledged");

        SyncReport report = world.syncService().sync();

        assertThat(world.writesToStatuspage()).isZero();
        assertThat(report.changes().getFirst().reason()).startsWith("under maintenance ('Database cluster upgrade'");
        assertThat(world.traffic.statuspage())
                .extracting(Traffic.RecordedRequest::path)
                .contains("/pages/" + FakeWorld.PAGE + "/incidents/active_maintenance");
    }

    @Test
    void aNoticeOpenWhenMaintenanceStartsIsKeptWithoutStatusWritesUntilItEnds() {
        ObjectNode incident = world.incident("acme", "datadog.json", "acknowledged");
        world.syncService().sync();
        String maintenance = world.statuspage.addMaintenance(
                "API gateway upgrade",
                List.of(API),
                Instant.now(),
                Instant.now().plus(Duration.ofHours(1)),
                true);
        world.traffic.clear();

        world.pagerDuty.setPriority("acme", incident.path("id").asText(), "P1");
        SyncReport escalating = world.syncService(P1_IS_MAJOR).pass(Set.of());
        world.pagerDuty.setStatus("acme", incident.path("id").asText(), "resolved");
        SyncReport resolving = world.syncService(P1_IS_MAJOR).pass(Set.of());

        assertThat(world.writesToStatuspage()).isZero();
        assertThat(escalating.changes().getFirst().action()).isEqualTo(Action.KEEP);
        assertThat(resolving.changes().getFirst().reason())
                .startsWith("under maintenance ('API gateway upgrade'")
                .contains("kept as it is, with no status writes, until the maintenance ends");
        assertThat(world.statuspage.componentStatus(API)).isEqualTo("under_maintenance");

        world.statuspage.completeMaintenance(maintenance);
        world.syncService().pass(Set.of());
        assertThat(world.statuspage.unresolvedIncidents()).isEmpty();
    }

    @Test
    void resolvingNeverSetsAComponentUnderMaintenanceBackToOperational() {
        ObjectNode incident = world.incident("acme", "datadog.json", "acknowledged");
        world.syncService().sync();
        ObjectNode notice = world.statuspage.unresolvedIncidents().getFirst();
        world.statuspage.personUpdate(notice.path("id").asText(), "identified", "We are on it.");
        world.pagerDuty.setStatus("acme", incident.path("id").asText(), "resolved");
        // A person put the component under maintenance by hand, with no maintenance scheduled.
        world.statuspage.setComponentStatus(API, "under_maintenance");
        world.traffic.clear();
        dev.pagerstatus.testing.ManualClock clock =
                new dev.pagerstatus.testing.ManualClock(Instant.now().plus(Duration.ofHours(1)));

        SyncReport report = world.clients()
                .withClock(clock)
                .syncService(world.settings("people:\n  resolve_after: 30m\n"))
                .pass(Set.of());

        assertThat(report.count(Action.RESOLVE)).isEqualTo(1);
        assertThat(world.statuspage.unresolvedIncidents()).isEmpty();
        assertThat(world.statuspage.componentStatus(API)).isEqualTo("under_maintenance");
        assertThat(world.traffic.statuspage())
                .filteredOn(request -> request.method().equals("PATCH"))
                .singleElement()
                .satisfies(request -> assertThat(request.body()).doesNotContain("\"components\""));
    }

    private static final String P1_IS_MAJOR = "severity:\n  rules:\n    - priority: P1\n      status: major_outage\n";
}
