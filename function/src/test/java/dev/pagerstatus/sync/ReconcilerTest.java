package dev.pagerstatus.sync;

import static dev.pagerstatus.pagerduty.IncidentStatus.ACKNOWLEDGED;
import static dev.pagerstatus.pagerduty.IncidentStatus.RESOLVED;
import static dev.pagerstatus.pagerduty.IncidentStatus.TRIGGERED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pagerstatus.pagerduty.IncidentStatus;
import dev.pagerstatus.pagerduty.PagerDutyIncident;
import dev.pagerstatus.policy.Policy;
import dev.pagerstatus.statuspage.Component;
import dev.pagerstatus.statuspage.ComponentStatus;
import dev.pagerstatus.statuspage.IncidentUpdate;
import dev.pagerstatus.statuspage.IncidentWrite;
import dev.pagerstatus.statuspage.StatuspageIncident;
import dev.pagerstatus.support.Json;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The reconcile rules as a table: what was read on the left, what a pass does on the right. */
class ReconcilerTest {
    static final Instant NOW = Instant.parse("2026-03-18T09:50:00Z");

    private static final List<Component> PAGE = List.of(
            new Component("api000000001", "API", ComponentStatus.OPERATIONAL, false),
            new Component("web000000002", "Website", ComponentStatus.OPERATIONAL, false),
            new Component("grp000000003", "Backend", ComponentStatus.OPERATIONAL, true));

    @Test
    void opensOneIncidentForAComponentOnceAPersonAcknowledgesThePagerDutyIncident() {
        Plan plan = plan(List.of(pd("acme", "Q1", 1, ACKNOWLEDGED, "api000000001")), List.of());

        assertThat(summary(plan)).containsExactly("open api000000001");
        assertThat(plan.changes().getFirst().reason()).isEqualTo("acknowledged in PagerDuty (acme#1)");
    }

    @Test
    void keepsTriggeredIncidentsOffThePageUntilAcknowledged() {
        Plan plan = plan(List.of(pd("acme", "Q1", 1, TRIGGERED, "api000000001")), List.of());

        assertThat(summary(plan)).containsExactly("wait api000000001");
        assertThat(plan.writes()).isEmpty();
    }

    @Test
    void opensOneIncidentPerComponentAcrossAccounts() {
        Plan plan = plan(
                List.of(
                        pd("acme", "Q1", 1, ACKNOWLEDGED, "api000000001"),
                        pd("globex", "P7", 7, ACKNOWLEDGED, "api000000001"),
                        pd("globex", "P8", 8, TRIGGERED, "web000000002")),
                List.of());

        assertThat(summary(plan)).containsExactly("open api000000001", "wait web000000002");
        assertThat(plan.changes().getFirst().pagerDuty())
                .extracting(PlannedChange.PagerDutyView::id)
                .containsExactly("Q1", "P7");
    }

    @Test
    void opensAnIncidentForEveryComponentOneIncidentNames() {
        Plan plan = plan(List.of(pd("acme", "Q1", 1, ACKNOWLEDGED, "api000000001", "web000000002")), List.of());

        assertThat(summary(plan)).containsExactly("open api000000001", "open web000000002");
    }

    @Test
    void keepsTheIncidentOpenWhileAnotherAccountStillHasAnIncidentOnTheComponent() {
        Plan plan = plan(
                List.of(pd("globex", "P7", 7, ACKNOWLEDGED, "api000000001")),
                List.of(managed("sp1", "api000000001", "2026-03-18T09:00:00Z", "acme/Q1,globex/P7")));

        assertThat(summary(plan)).containsExactly("update api000000001 sp1");
        assertThat(plan.writes()).extracting(PlannedChange::action).doesNotContain(Action.RESOLVE);
    }

    @Test
    void keepsTheIncidentOpenWhenTheAcknowledgementIsUndoneOrTimesOut() {
        Plan plan = plan(
                List.of(pd("acme", "Q1", 1, TRIGGERED, "api000000001")),
                List.of(managed("sp1", "api000000001", "2026-03-18T09:00:00Z", "acme/Q1")));

        assertThat(summary(plan)).containsExactly("keep api000000001 sp1");
    }

    @Test
    void resolvesWhenNoAccountHasAnOpenIncidentOnTheComponent() {
        Plan plan = plan(
                List.of(pd("acme", "Q1", 1, RESOLVED, "api000000001")),
                List.of(managed("sp1", "api000000001", "2026-03-18T09:00:00Z", "acme/Q1")));

        assertThat(summary(plan)).containsExactly("resolve api000000001 sp1");
        assertThat(restores(plan.changes().getFirst())).isTrue();
    }

    @Test
    void aSecondRunWithNothingChangedWritesNothing() {
        Plan plan = plan(
                List.of(
                        pd("acme", "Q1", 1, ACKNOWLEDGED, "api000000001"),
                        pd("globex", "P7", 7, TRIGGERED, "api000000001")),
                List.of(managed("sp1", "api000000001", "2026-03-18T09:00:00Z", "acme/Q1,globex/P7")));

        assertThat(summary(plan)).containsExactly("keep api000000001 sp1");
        assertThat(plan.writes()).isEmpty();
    }

    @Test
    void recordsTheIncidentsBehindANoticeWhenThatSetChanges() {
        Plan plan = plan(
                List.of(
                        pd("acme", "Q1", 1, ACKNOWLEDGED, "api000000001"),
                        pd("acme", "Q2", 2, TRIGGERED, "api000000001")),
                List.of(managed("sp1", "api000000001", "2026-03-18T09:00:00Z", "acme/Q1")));

        assertThat(summary(plan)).containsExactly("update api000000001 sp1");
        assertThat(NoticeRecord.refsOf(plan.changes().getFirst().pagerDutyIncidents()))
                .isEqualTo("acme/Q1,acme/Q2");
    }

    @Test
    void adoptsAnIncidentThePythonToolOpenedAndResolvesItLikeItsOwn() {
        StatuspageIncident legacy = legacy("old1", List.of("api000000001"), List.of());

        assertThat(summary(plan(List.of(pd("acme", "Q1", 1, ACKNOWLEDGED, "api000000001")), List.of(legacy))))
                .containsExactly("update api000000001 old1");
        assertThat(summary(plan(List.of(), List.of(legacy)))).containsExactly("resolve api000000001 old1");
    }

    @Test
    void findsALegacyIncidentsComponentInItsFirstUpdateWhenItsComponentListIsEmpty() {
        StatuspageIncident legacy = legacy("old1", List.of(), List.of("web000000002"));

        assertThat(summary(plan(List.of(), List.of(legacy)))).containsExactly("resolve web000000002 old1");
    }

    @Test
    void neverModifiesAnIncidentWithoutPagerstatusMarker() {
        Plan plan = plan(List.of(), List.of(human("man1", "api000000001")));

        assertThat(plan.changes()).isEmpty();
    }

    @Test
    void opensNoSecondNoticeBesideOneAPersonWroteForTheSameComponent() {
        Plan plan = plan(
                List.of(pd("acme", "Q1", 1, ACKNOWLEDGED, "api000000001")), List.of(human("man1", "api000000001")));

        assertThat(summary(plan)).containsExactly("wait api000000001");
        assertThat(plan.changes().getFirst().reason()).contains("man1", "not opened by pagerstatus");
    }

    @Test
    void resolvingLeavesTheComponentStatusAloneWhileAPersonsIncidentHoldsIt() {
        Plan plan = plan(
                List.of(),
                List.of(
                        managed("sp1", "api000000001", "2026-03-18T09:00:00Z", "acme/Q1"),
                        human("man1", "api000000001")));

        assertThat(summary(plan)).containsExactly("resolve api000000001 sp1");
        assertThat(restores(plan.changes().getFirst())).isFalse();
    }

    @Test
    void keepsTheOldestOfSeveralNoticesForOneComponentClosesTheOthersAndSaysSo() {
        Plan plan = plan(
                List.of(pd("acme", "Q1", 1, ACKNOWLEDGED, "api000000001")),
                List.of(
                        managed("newer", "api000000001", "2026-03-18T10:00:00Z", "acme/Q1"),
                        managed("older", "api000000001", "2026-03-18T09:00:00Z", "acme/Q1")));

        assertThat(summary(plan)).containsExactly("resolve-duplicate api000000001 newer", "keep api000000001 older");
        assertThat(plan.findings()).extracting(Finding::kind).containsExactly(Finding.Kind.DUPLICATE_INCIDENT);
        assertThat(plan.findings().getFirst().message()).contains("keeping the oldest, older", "closing newer");
    }

    @Test
    void reportsAndSkipsATagNamingAComponentThatIsNotOnThePageAndCarriesOnWithTheRest() {
        Plan plan = plan(
                List.of(
                        pd("acme", "Q1", 1, ACKNOWLEDGED, "zzz999999999"),
                        pd("acme", "Q2", 2, ACKNOWLEDGED, "web000000002")),
                List.of());

        assertThat(summary(plan)).containsExactly("open web000000002");
        assertThat(plan.findings()).singleElement().satisfies(finding -> {
            assertThat(finding.kind()).isEqualTo(Finding.Kind.UNKNOWN_COMPONENT);
            assertThat(finding.message()).contains("acme#1", "Q1", "zzz999999999");
        });
    }

    @Test
    void reportsATagNamingAComponentGroupInsteadOfOpeningAnIncidentOnIt() {
        Plan plan = plan(List.of(pd("acme", "Q1", 1, ACKNOWLEDGED, "grp000000003")), List.of());

        assertThat(plan.changes()).isEmpty();
        assertThat(plan.findings()).extracting(Finding::kind).containsExactly(Finding.Kind.COMPONENT_GROUP);
    }

    @Test
    void reportsTagProblemsSoOperatorsCanFixTheirMonitors() {
        PagerDutyIncident incident = new PagerDutyIncident(
                "acme",
                "Q1",
                1,
                ACKNOWLEDGED,
                "t",
                "u",
                NOW.minusSeconds(600),
                null,
                "high",
                Set.of(),
                List.of("tag 'component:' names no component id"));

        Plan plan = plan(List.of(incident), List.of());

        assertThat(plan.findings()).singleElement().satisfies(finding -> {
            assertThat(finding.kind()).isEqualTo(Finding.Kind.MALFORMED_TAG);
            assertThat(finding.message()).contains("acme#1", "tag 'component:' names no component id");
        });
    }

    @Test
    void leavesAMarkedIncidentWhoseRecordNamesNoComponentAloneAsAPersons() {
        StatuspageIncident incident = incident(
                "sp1",
                List.of("api000000001", "web000000002"),
                marker(null, ""),
                "2026-03-18T09:00:00Z",
                "investigating");

        Plan plan = plan(List.of(), List.of(incident));

        assertThat(plan.changes()).isEmpty();
        assertThat(plan.findings()).extracting(Finding::kind).containsExactly(Finding.Kind.FOREIGN_RECORD);
    }

    @Test
    void resolvesANoticeWhoseComponentWasDeletedFromThePageWithoutTouchingComponents() {
        Plan plan = plan(List.of(), List.of(managed("sp1", "gone00000000", "2026-03-18T09:00:00Z", "acme/Q1")));

        assertThat(summary(plan)).containsExactly("resolve gone00000000 sp1");
        assertThat(restores(plan.changes().getFirst())).isFalse();
    }

    @Test
    void summarisesLongListsOfIncidentsInTheRecordSoItStaysStable() {
        List<PagerDutyIncident> many = java.util.stream.IntStream.range(0, NoticeRecord.MAX_RECORDED + 5)
                .mapToObj(i -> pd("acme", "Q" + (1000 + i), i, ACKNOWLEDGED, "api000000001"))
                .toList();

        assertThat(NoticeRecord.refsOf(many)).endsWith(",+5 more").startsWith("acme/Q1000,acme/Q1001");
    }

    @Test
    void decidesTheExactRequestThatOpensANotice() {
        Plan plan = plan(List.of(pd("acme", "Q1", 1, ACKNOWLEDGED, "api000000001")), List.of());

        assertThat(plan.changes().getFirst().write()).isInstanceOfSatisfying(StatuspageWrite.Create.class, create -> {
            IncidentWrite incident = create.incident();
            assertThat(incident.name()).isEqualTo("Investigating errors in API");
            assertThat(incident.status()).isEqualTo("investigating");
            assertThat(incident.body()).doesNotContain("host-1.internal").contains("API is experiencing errors");
            assertThat(incident.componentIds()).containsExactly("api000000001");
            assertThat(incident.components()).containsExactly(Map.entry("api000000001", "partial_outage"));
            assertThat(incident.deliverNotifications()).isTrue();
            assertThat(incident.metadata().path("pagerstatus").path("pagerduty").asText())
                    .isEqualTo("acme/Q1");
        });
    }

    @Test
    void decidesTheExactRequestsThatResolveAndCloseDuplicates() {
        Plan plan = plan(
                List.of(),
                List.of(
                        managed("sp1", "api000000001", "2026-03-18T09:00:00Z", "acme/Q1"),
                        managed("sp2", "api000000001", "2026-03-18T09:05:00Z", "acme/Q1")));

        String duplicateText = "This notice duplicated another one for API and has been closed. Updates"
                + " continue on the remaining incident.";
        String resolvedText = "API is operating normally again. This incident has been resolved.";
        assertThat(plan.writes())
                .extracting(PlannedChange::write)
                .map(StatuspageWrite.Update.class::cast)
                .satisfiesExactlyInAnyOrder(
                        write -> {
                            assertThat(write)
                                    .usingRecursiveComparison()
                                    .ignoringFields("change.metadata")
                                    .isEqualTo(new StatuspageWrite.Update(
                                            "sp2",
                                            new IncidentWrite(
                                                    null, "resolved", duplicateText, null, null, false, null)));
                            // Its record says it was pagerstatus that closed it, and in favour of which notice.
                            JsonNode record = write.change().metadata().path("pagerstatus");
                            assertThat(record.path("duplicate_of").asText()).isEqualTo("sp1");
                            assertThat(record.path("written").asText()).contains(NoticeRecord.digest(duplicateText));
                        },
                        write -> {
                            assertThat(write)
                                    .usingRecursiveComparison()
                                    .ignoringFields("change.metadata")
                                    .isEqualTo(new StatuspageWrite.Update(
                                            "sp1",
                                            new IncidentWrite(
                                                    null,
                                                    "resolved",
                                                    resolvedText,
                                                    List.of("api000000001"),
                                                    Map.of("api000000001", "operational"),
                                                    true,
                                                    null)));
                            JsonNode record = write.change().metadata().path("pagerstatus");
                            assertThat(record.path("written").asText()).contains(NoticeRecord.digest(resolvedText));
                            assertThat(record.path("notice_status").asText()).isEqualTo("resolved");
                        });
    }

    @Test
    void keepingAndWaitingSendNothing() {
        Plan plan = plan(
                List.of(
                        pd("acme", "Q1", 1, ACKNOWLEDGED, "api000000001"),
                        pd("acme", "Q2", 2, TRIGGERED, "web000000002")),
                List.of(managed("sp1", "api000000001", "2026-03-18T09:00:00Z", "acme/Q1")));

        assertThat(plan.changes())
                .extracting(PlannedChange::action, PlannedChange::write)
                .containsExactly(tuple(Action.KEEP, null), tuple(Action.WAIT, null));
    }

    // --- builders ---

    private static Plan plan(List<PagerDutyIncident> pagerDuty, List<StatuspageIncident> statuspage) {
        return Reconciler.plan(new Observation(pagerDuty, PAGE, statuspage, NOW), Policy.defaults());
    }

    /** Whether the change sets its component back to operational. */
    private static boolean restores(PlannedChange change) {
        return change.write() instanceof StatuspageWrite.Update update
                && update.change().components() != null
                && "operational".equals(update.change().components().get(change.componentId()));
    }

    private static List<String> summary(Plan plan) {
        return plan.changes().stream()
                .map(change -> change.action().label() + " " + change.componentId()
                        + (change.statuspageIncidentId() == null ? "" : " " + change.statuspageIncidentId()))
                .toList();
    }

    private static PagerDutyIncident pd(
            String account, String id, int number, IncidentStatus status, String... components) {
        return new PagerDutyIncident(
                account,
                id,
                number,
                status,
                "internal title on host-1.internal",
                "https://" + account + ".pagerduty.com/incidents/" + id,
                NOW.minusSeconds(600),
                null,
                "high",
                Set.of(components),
                List.of());
    }

    private static StatuspageIncident managed(String id, String component, String createdAt, String record) {
        return incident(id, List.of(component), marker(component, record), createdAt, "investigating");
    }

    private static StatuspageIncident legacy(String id, List<String> components, List<String> affected) {
        List<IncidentUpdate> updates = List.of(
                new IncidentUpdate(
                        "u2", "identified", "We found it.", Instant.parse("2026-03-18T09:30:00Z"), List.of()),
                new IncidentUpdate(
                        "u1",
                        "investigating",
                        "Automated monitoring has determined...\n⛈",
                        Instant.parse("2026-03-18T09:00:00Z"),
                        affected));
        return new StatuspageIncident(
                id,
                "Investigating Errors in API",
                "identified",
                Instant.parse("2026-03-18T09:00:00Z"),
                "",
                components,
                Json.MAPPER.createObjectNode(),
                updates);
    }

    private static StatuspageIncident human(String id, String component) {
        return incident(id, List.of(component), Json.MAPPER.createObjectNode(), "2026-03-18T08:00:00Z", "identified");
    }

    private static StatuspageIncident incident(
            String id, List<String> components, ObjectNode metadata, String createdAt, String status) {
        return new StatuspageIncident(
                id,
                "Investigating errors",
                status,
                Instant.parse(createdAt),
                "",
                components,
                metadata,
                List.of(new IncidentUpdate(
                        id + "-u1", status, "We are looking into it.", Instant.parse(createdAt), List.of())));
    }

    private static ObjectNode marker(String component, String record) {
        ObjectNode metadata = Json.MAPPER.createObjectNode();
        ObjectNode marker = metadata.putObject("pagerstatus");
        marker.put("managed", "true");
        if (component != null) {
            marker.put("component", component);
        }
        marker.put("pagerduty", record);
        return metadata;
    }
}
