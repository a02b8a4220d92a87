package dev.pagerstatus.sync;

import static dev.pagerstatus.testing.FakeWorld.API;
import static dev.pagerstatus.testing.FakeWorld.BUILD_PIPELINE;
import static dev.pagerstatus.testing.FakeWorld.DATABASE;
import static dev.pagerstatus.testing.FakeWorld.INTERNAL_PAGE;
import static dev.pagerstatus.testing.FakeWorld.PAGE;
import static dev.pagerstatus.testing.FakeWorld.VPN;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pagerstatus.config.EnvironmentSettings;
import dev.pagerstatus.http.ApiTransport;
import dev.pagerstatus.http.RequestGate;
import dev.pagerstatus.support.Sleeper;
import dev.pagerstatus.testing.FakeWorld;
import dev.pagerstatus.testing.Traffic;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * One deployment, several pages: a public one and an internal one of the same organisation. Tags stay as they
 * are; a component id routes to the page that has it, and every rule holds on each page.
 */
class SeveralPagesTest {
    private final FakeWorld world = new FakeWorld();

    @AfterEach
    void stop() {
        world.close();
    }

    @Test
    void aComponentIdRoutesToThePageThatHasIt() {
        world.incidentTagged("acme", "acknowledged", "component:" + BUILD_PIPELINE);

        SyncReport report = world.syncService(world.environmentWithBothPages()).sync();

        assertThat(report.succeeded()).isTrue();
        assertThat(report.pages()).containsExactly(PAGE, INTERNAL_PAGE);
        assertThat(world.statuspage.unresolvedIncidents()).isEmpty();
        assertThat(world.internal.unresolvedIncidents()).hasSize(1);
        assertThat(world.internal.componentStatus(BUILD_PIPELINE)).isEqualTo("partial_outage");
        assertThat(report.changes()).extracting(PlannedChange::page).containsExactly(INTERNAL_PAGE);
    }

    @Test
    void oneIncidentMayPutNoticesOnSeveralPages() {
        world.incidentTagged("acme", "acknowledged", "component:" + API, "component:" + VPN);

        world.syncService(world.environmentWithBothPages()).sync();

        assertThat(world.openNoticeComponents()).containsExactly(API);
        assertThat(world.internal.unresolvedIncidents())
                .singleElement()
                .satisfies(notice -> assertThat(
                                notice.path("components").get(0).path("id").asText())
                        .isEqualTo(VPN));
    }

    @Test
    void anIdOnTwoPagesIsAFindingAndIsSkippedUnlessTheTagNamesThePage() {
        world.internal.addComponent(DATABASE, "Database (replica)");
        world.incidentTagged("acme", "acknowledged", "component:" + DATABASE);

        SyncReport ambiguous =
                world.syncService(world.environmentWithBothPages()).sync();

        assertThat(world.writesToStatuspage()).isZero();
        assertThat(ambiguous.findings()).singleElement().satisfies(finding -> {
            assertThat(finding.kind()).isEqualTo(Finding.Kind.AMBIGUOUS_COMPONENT);
            assertThat(finding.message())
                    .contains("names component " + DATABASE + ", which is on pages " + PAGE + " and " + INTERNAL_PAGE
                            + "; tag it component:<page id>/" + DATABASE + " to choose");
        });

        world.incidentTagged("globex", "acknowledged", "component:" + INTERNAL_PAGE + "/" + DATABASE);
        world.syncService(world.environmentWithBothPages()).sync();

        assertThat(world.statuspage.unresolvedIncidents()).isEmpty();
        assertThat(world.internal.componentStatus(DATABASE)).isEqualTo("partial_outage");
    }

    @Test
    void aTagNamingAPageThatIsNotKeptIsReported() {
        world.incidentTagged("acme", "acknowledged", "component:zz9plural9zz/" + API);

        SyncReport report = world.syncService(world.environmentWithBothPages()).sync();

        assertThat(world.writesToStatuspage()).isZero();
        assertThat(report.findings().getFirst().message())
                .contains("names page zz9plural9zz, which pagerstatus does not keep");
    }

    @Test
    void aFailedReadOfAnyPageWritesNothingOnAnyPage() {
        world.incidentTagged("acme", "acknowledged", "component:" + API, "component:" + VPN);
        // Every attempt the retry policy makes fails.
        for (int attempt = 0; attempt < FakeWorld.QUICK.maxAttempts(); attempt++) {
            world.traffic.failNextStatuspage(
                    "GET",
                    "/pages/" + INTERNAL_PAGE + "/incidents/active_maintenance",
                    500,
                    "{\"error\":\"Internal server error\"}",
                    Map.of());
        }

        SyncReport report = world.syncService(world.environmentWithBothPages()).sync();

        assertThat(report.succeeded()).isFalse();
        assertThat(report.readFailures())
                .singleElement()
                .satisfies(failure -> assertThat(failure.source())
                        .isEqualTo("Statuspage maintenances in progress of page " + INTERNAL_PAGE));
        assertThat(world.writesToStatuspage()).isZero();
    }

    @Test
    void everyRuleHoldsPerPageOneNoticePerComponentOnEach() {
        world.incidentTagged("acme", "acknowledged", "component:" + API, "component:" + VPN);
        SyncService sync = world.syncService(world.environmentWithBothPages());
        sync.sync();

        SyncReport second = sync.sync();

        assertThat(second.writes()).isEmpty();
        assertThat(second.changes()).extracting(PlannedChange::action).containsOnly(Action.KEEP);
        assertThat(world.statuspage.unresolvedIncidents()).hasSize(1);
        assertThat(world.internal.unresolvedIncidents()).hasSize(1);
    }

    @Test
    void pagesThatShareAKeyShareOneRateLimiterAndAPageWithItsOwnKeyHasItsOwn() {
        AtomicInteger limiters = new AtomicInteger();
        ApiClients clients = new ApiClients(
                ApiTransport.newHttpClient(FakeWorld.QUICK),
                FakeWorld.QUICK,
                () -> {
                    limiters.incrementAndGet();
                    return RequestGate.OPEN;
                },
                Sleeper.SYSTEM);
        clients.syncService(EnvironmentSettings.load(world.environmentWithBothPages()));
        assertThat(limiters).hasValue(1);

        Map<String, String> ownKey = world.environmentWithBothPages();
        ownKey.put("STATUSPAGE_KEY_" + INTERNAL_PAGE.toUpperCase(java.util.Locale.ROOT), "internal-key-8d2f");
        clients.syncService(EnvironmentSettings.load(ownKey));
        assertThat(limiters).hasValue(2);
    }

    @Test
    void aQuietPassOverTwoPagesIsStillOneRoundOfReads() {
        world.incidentTagged("acme", "acknowledged", "component:" + API, "component:" + VPN);
        SyncService sync = world.syncService(world.environmentWithBothPages());
        sync.pass(java.util.Set.of());

        world.traffic.clear();

        SyncReport quiet = sync.pass(java.util.Set.of());

        // Each page's unresolved incidents, each account's listing: the notices show all a quiet pass needs.
        assertThat(quiet.apiCalls()).containsEntry("Statuspage reads", 2L).containsEntry("PagerDuty reads", 2L);
        assertThat(world.traffic.statuspage())
                .extracting(Traffic.RecordedRequest::path)
                .containsExactlyInAnyOrder(
                        "/pages/" + FakeWorld.PAGE + "/incidents/unresolved",
                        "/pages/" + FakeWorld.INTERNAL_PAGE + "/incidents/unresolved");
    }
}
