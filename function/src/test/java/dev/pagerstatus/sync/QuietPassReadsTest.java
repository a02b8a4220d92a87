package dev.pagerstatus.sync;

import static dev.pagerstatus.testing.FakeWorld.API;
import static dev.pagerstatus.testing.FakeWorld.DATABASE;
import static dev.pagerstatus.testing.FakeWorld.PAYMENTS;
import static dev.pagerstatus.testing.FakeWorld.WEBSITE;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pagerstatus.testing.FakeWorld;
import dev.pagerstatus.testing.ManualClock;
import dev.pagerstatus.testing.Traffic;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What a pass reads: the unresolved incidents of each page and the open incidents of each account when nothing
 * changed; the rest of a page only when the decision needs it, and everything at least every ten minutes.
 */
class QuietPassReadsTest {
    private final FakeWorld world = new FakeWorld();
    private final ManualClock clock = ManualClock.nowOutsideTheNetsMinute();
    private final List<ObjectNode> incidents = new ArrayList<>();

    @AfterEach
    void stop() {
        world.close();
    }

    @Test
    void aQuietPassReadsOneStatuspageListAndOneListingPerAccount() {
        SyncService sync = fourNoticesWithTwelveIncidentsBehindThem();
        world.traffic.clear();

        SyncReport quiet = sync.pass(Set.of());

        assertThat(quiet.succeeded()).isTrue();
        assertThat(quiet.writes()).isEmpty();
        assertThat(world.traffic.statuspage())
                .extracting(request -> request.method() + " " + request.path())
                .containsExactly("GET /pages/" + FakeWorld.PAGE + "/incidents/unresolved");
        assertThat(world.traffic.pagerDuty())
                .extracting(Traffic.RecordedRequest::path)
                .containsExactly("/incidents", "/incidents");
    }

    @Test
    void theCommandLinesQuietSyncReadsEachAccountsLogInsteadOfEveryIncidentsNotes() {
        SyncService sync = fourNoticesWithTwelveIncidentsBehindThem();
        world.traffic.clear();

        SyncReport quiet = sync.sync();

        assertThat(quiet.writes()).isEmpty();
        assertThat(statuspageReads()).containsExactly("/incidents/unresolved");
        assertThat(world.traffic.pagerDuty())
                .extracting(Traffic.RecordedRequest::path)
                .containsExactlyInAnyOrder("/incidents", "/incidents", "/log_entries", "/log_entries");
    }

    @Test
    void aPassThatChangesANoticeReadsTheMaintenancesFirstButNotTheComponents() {
        SyncService sync = fourNoticesWithTwelveIncidentsBehindThem();
        world.pagerDuty.setPriority("acme", incidents.getFirst().path("id").asText(), "P1");
        world.traffic.clear();

        SyncReport escalating = sync.pass(Set.of());

        assertThat(escalating.writes()).extracting(WriteOutcome::action).containsExactly(Action.ESCALATE);
        assertThat(statuspageReads()).containsExactly("/incidents/unresolved", "/incidents/active_maintenance");
    }

    @Test
    void anIncidentOnAComponentWithoutANoticeReadsThePageInFullAndOpensOne() {
        SyncService sync = fourNoticesWithTwelveIncidentsBehindThem();
        world.incidentTagged("acme", "acknowledged", "component:" + FakeWorld.SEARCH);
        world.traffic.clear();

        SyncReport opening = sync.pass(Set.of());

        assertThat(opening.writes()).extracting(WriteOutcome::action).containsExactly(Action.OPEN);
        assertThat(statuspageReads())
                .containsExactlyInAnyOrder(
                        "/incidents/unresolved", "/components", "/incidents/active_maintenance", "/incidents");
    }

    @Test
    void incidentsThatWaitForAnAcknowledgementCostAWarmProcessNoMoreReads() {
        SyncService sync = fourNoticesWithTwelveIncidentsBehindThem();
        world.incidentTagged("acme", "triggered", "component:" + FakeWorld.SEARCH);
        world.traffic.clear();

        SyncReport waiting = sync.pass(Set.of());

        assertThat(waiting.writes()).isEmpty();
        assertThat(waiting.count(Action.WAIT)).isEqualTo(1);
        assertThat(statuspageReads()).containsExactly("/incidents/unresolved");
    }

    @Test
    void aComponentLastSeenUnderMaintenanceGetsItsNoticeOnceTheMaintenanceEnds() {
        SyncService sync = fourNoticesWithTwelveIncidentsBehindThem();
        String maintenance = world.statuspage.addMaintenance(
                "Search index rebuild",
                List.of(FakeWorld.SEARCH),
                clock.instant().minus(Duration.ofMinutes(5)),
                clock.instant().plus(Duration.ofHours(1)),
                true);
        world.incidentTagged("acme", "acknowledged", "component:" + FakeWorld.SEARCH);
        SyncReport during = sync.pass(Set.of());
        world.statuspage.completeMaintenance(maintenance);

        SyncReport after = sync.pass(Set.of());

        assertThat(during.writes()).isEmpty();
        assertThat(after.writes()).extracting(WriteOutcome::action).containsExactly(Action.OPEN);
        assertThat(world.statuspage.componentStatus(FakeWorld.SEARCH)).isEqualTo("partial_outage");
    }

    @Test
    void aNoticeAPersonResolvedIsSeenAsGoneAndNotOpenedAgain() {
        SyncService sync = fourNoticesWithTwelveIncidentsBehindThem();
        String notice =
                world.statuspage.unresolvedIncidents().getFirst().path("id").asText();
        world.statuspage.personUpdate(notice, "resolved", "This incident has been resolved.");

        SyncReport afterThePerson = sync.pass(Set.of());

        assertThat(afterThePerson.writes()).isEmpty();
        assertThat(world.statuspage.unresolvedIncidents()).hasSize(3);
    }

    @Test
    void everythingIsReadAgainOnceTheNetIsDueEvenWhenNothingAsksForIt() {
        SyncService sync = fourNoticesWithTwelveIncidentsBehindThem();
        clock.advance(PageReads.NET_INTERVAL);
        world.traffic.clear();

        sync.pass(Set.of());

        assertThat(statuspageReads()).hasSize(4).contains("/components");
    }

    private SyncService fourNoticesWithTwelveIncidentsBehindThem() {
        for (String component : List.of(API, WEBSITE, PAYMENTS, DATABASE)) {
            for (int i = 0; i < 3; i++) {
                incidents.add(
                        world.incidentTagged(i == 2 ? "globex" : "acme", "acknowledged", "component:" + component));
            }
        }
        SyncService sync = world.clients()
                .withClock(clock)
                .syncService(world.settings("severity:\n  rules:\n    - priority: P1\n      status: major_outage\n"));
        sync.pass(Set.of());
        sync.pass(Set.of());
        assertThat(world.statuspage.unresolvedIncidents()).hasSize(4);
        return sync;
    }

    private List<String> statuspageReads() {
        return world.traffic.statuspage().stream()
                .filter(request -> request.method().equals("GET"))
                .map(request -> request.path().substring(("/pages/" + FakeWorld.PAGE).length()))
                .toList();
    }
}
