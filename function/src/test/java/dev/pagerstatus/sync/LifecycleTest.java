package dev.pagerstatus.sync;

import static dev.pagerstatus.pagerduty.IncidentStatus.ACKNOWLEDGED;
import static dev.pagerstatus.pagerduty.IncidentStatus.TRIGGERED;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pagerstatus.config.PolicyParser;
import dev.pagerstatus.pagerduty.IncidentStatus;
import dev.pagerstatus.pagerduty.PagerDutyIncident;
import dev.pagerstatus.pagerduty.PagerDutyNote;
import dev.pagerstatus.policy.Policy;
import dev.pagerstatus.policy.Severity;
import dev.pagerstatus.statuspage.Component;
import dev.pagerstatus.statuspage.ComponentStatus;
import dev.pagerstatus.statuspage.IncidentUpdate;
import dev.pagerstatus.statuspage.IncidentWrite;
import dev.pagerstatus.statuspage.StatuspageIncident;
import dev.pagerstatus.support.Json;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The public lifecycle, as the pure core decides it: severity, publishing, escalation and improvement,
 * recovery through monitoring, relapse and public notes. Times are minutes before {@link #NOW}.
 */
class LifecycleTest {
    static final Instant NOW = Instant.parse("2026-03-18T10:00:00Z");
    private static final String API = "api000000001";
    private static final String DB = "db0000000004";
    private static final List<Component> PAGE = List.of(
            new Component(API, "API", ComponentStatus.OPERATIONAL, false),
            new Component(DB, "Database", ComponentStatus.OPERATIONAL, false, "grp000000003"),
            new Component("grp000000003", "Backend", ComponentStatus.OPERATIONAL, true));
    private static final String SEVERITY = """
            severity:
              default: partial_outage
              rules:
                - priority: P1
                  status: major_outage
                - priority: [P4, P5]
                  status: none
                - urgency: low
                  status: degraded_performance
            """;

    // --- severity ---

    @Test
    void aComponentShowsTheWorstStatusOverItsPublishedIncidentsInEveryAccount() {
        Plan plan = plan(
                SEVERITY,
                List.of(
                        pd("acme", "Q1", 1, ACKNOWLEDGED, "P1", "high", 20, API),
                        pd("globex", "P7", 7, ACKNOWLEDGED, null, "high", 5, API)),
                List.of());

        PlannedChange open = only(plan);
        assertThat(open.action()).isEqualTo(Action.OPEN);
        assertThat(open.severity()).isEqualTo(Severity.MAJOR_OUTAGE);
        assertThat(open.severityReason()).isEqualTo("worst of acme#1 P1 → major_outage, globex#7 → partial_outage");
        assertThat(create(open).components()).containsExactly(Map.entry(API, "major_outage"));
    }

    @Test
    void theFirstMatchingRuleDecidesAndNoPriorityIsJustNoMatch() {
        Policy policy = policy(SEVERITY);

        assertThat(policy.base().assess("p1", "low").severity())
                .as("priority before urgency")
                .isEqualTo(Severity.MAJOR_OUTAGE);
        assertThat(policy.base().assess(null, "low").severity()).isEqualTo(Severity.DEGRADED_PERFORMANCE);
        assertThat(policy.base().assess(null, null).severity()).isEqualTo(Severity.PARTIAL_OUTAGE);
        assertThat(policy.base().assess("SEV-2", "high").severity()).isEqualTo(Severity.PARTIAL_OUTAGE);
    }

    @Test
    void anIncidentWhoseSeverityIsNoneNeverOpensANoticeNorKeepsOneOpen() {
        Plan never = plan(SEVERITY, List.of(pd("acme", "Q1", 1, ACKNOWLEDGED, "P5", "high", 20, API)), List.of());
        assertThat(never.writes()).isEmpty();
        assertThat(only(never).reason()).contains("acme#1 P5 → none (severity none: never on the page)");

        Plan resolving = plan(
                SEVERITY,
                List.of(pd("acme", "Q1", 1, ACKNOWLEDGED, "P4", "high", 20, API)),
                List.of(notice("sp1", API, "investigating", "partial_outage", null)));
        assertThat(only(resolving).action()).isEqualTo(Action.RESOLVE);
    }

    @Test
    void theDefaultPolicyOpensEveryAcknowledgedIncidentAsAPartialOutageLikeBefore() {
        Plan plan = plan("", List.of(pd("acme", "Q1", 1, ACKNOWLEDGED, "P1", "high", 20, API)), List.of());

        assertThat(only(plan).severity()).isEqualTo(Severity.PARTIAL_OUTAGE);
        IncidentWrite open = create(only(plan));
        assertThat(open.name()).isEqualTo("Investigating errors in API");
        assertThat(open.deliverNotifications()).isTrue();
    }

    // --- publishing ---

    @Test
    void publishAfterTriggeredPublishesAtOnce() {
        Plan plan = plan(
                "publish: {after: triggered}",
                List.of(pd("acme", "Q1", 1, TRIGGERED, null, "high", 1, API)),
                List.of());

        assertThat(only(plan).action()).isEqualTo(Action.OPEN);
        assertThat(only(plan).reason()).isEqualTo("published by the policy (acme#1)");
    }

    @Test
    void aPublishDelayWaitsForItsTimeAndSaysWhenItIsDue() {
        Plan waiting =
                plan("publish: {after: 10m}", List.of(pd("acme", "Q1", 1, TRIGGERED, null, "high", 4, API)), List.of());

        PlannedChange wait = only(waiting);
        assertThat(wait.action()).isEqualTo(Action.WAIT);
        assertThat(wait.due()).isEqualTo(NOW.plus(Duration.ofMinutes(6)));
        assertThat(wait.reason())
                .isEqualTo(
                        "triggered in PagerDuty (acme#1); published at 10:06 UTC unless resolved or acknowledged sooner");
        assertThat(waiting.nextDue()).hasValue(NOW.plus(Duration.ofMinutes(6)));

        Plan due = plan(
                "publish: {after: 10m}", List.of(pd("acme", "Q1", 1, TRIGGERED, null, "high", 10, API)), List.of());
        assertThat(only(due).action()).isEqualTo(Action.OPEN);
    }

    @Test
    void aDelayedIncidentIsPublishedAtOnceWhenSomeoneAcknowledgesIt() {
        Plan plan = plan(
                "publish: {after: 10m}", List.of(pd("acme", "Q1", 1, ACKNOWLEDGED, null, "high", 1, API)), List.of());

        assertThat(only(plan).action()).isEqualTo(Action.OPEN);
    }

    @Test
    void aComponentCanPublishSoonerThanTheRestByItsOwnIdOrItsGroups() {
        String yaml = """
                publish: {after: 30m}
                components:
                  api000000001: {publish: {after: triggered}}
                  grp000000003: {publish: {after: 5m}}
                """;
        Plan plan = plan(
                yaml,
                List.of(
                        pd("acme", "Q1", 1, TRIGGERED, null, "high", 1, API),
                        pd("acme", "Q2", 2, TRIGGERED, null, "high", 6, DB)),
                List.of());

        assertThat(plan.changes())
                .extracting(PlannedChange::componentId, PlannedChange::action)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(API, Action.OPEN),
                        org.assertj.core.groups.Tuple.tuple(DB, Action.OPEN));
    }

    // --- escalation and improvement ---

    @Test
    void aWorseIncidentEscalatesTheOpenNoticeStatusAndWordsInOneUpdate() {
        Plan plan = plan(
                SEVERITY,
                List.of(
                        pd("acme", "Q1", 1, ACKNOWLEDGED, "P1", "high", 3, API),
                        pd("acme", "Q2", 2, ACKNOWLEDGED, null, "high", 30, API)),
                List.of(notice("sp1", API, "identified", "partial_outage", null)));

        PlannedChange escalate = only(plan);
        assertThat(escalate.action()).isEqualTo(Action.ESCALATE);
        assertThat(escalate.reason()).isEqualTo("worse: partial_outage → major_outage");
        IncidentWrite patch = update(escalate, "sp1");
        assertThat(patch.status()).as("the notice's own status is kept").isEqualTo("identified");
        assertThat(patch.components()).containsExactly(Map.entry(API, "major_outage"));
        assertThat(patch.body()).isEqualTo("API is now experiencing a major outage. We are continuing to investigate.");
        assertThat(patch.deliverNotifications()).isTrue();
        assertThat(record(patch).path("status").asText()).isEqualTo("major_outage");
    }

    @Test
    void aBetterWorstStatusImprovesTheNoticeWithoutNotifyingByDefault() {
        Plan plan = plan(
                SEVERITY,
                List.of(pd("acme", "Q2", 2, ACKNOWLEDGED, null, "low", 30, API)),
                List.of(notice("sp1", API, "investigating", "major_outage", null)));

        PlannedChange improve = only(plan);
        assertThat(improve.action()).isEqualTo(Action.IMPROVE);
        IncidentWrite patch = update(improve, "sp1");
        assertThat(patch.components()).containsExactly(Map.entry(API, "degraded_performance"));
        assertThat(patch.body()).startsWith("API has improved and is now experiencing degraded performance.");
        assertThat(patch.deliverNotifications()).isFalse();
    }

    @Test
    void aStatusThatHasNotChangedWritesNothing() {
        Plan plan = plan(
                SEVERITY,
                List.of(pd("acme", "Q1", 1, ACKNOWLEDGED, "P1", "high", 3, API)),
                List.of(notice("sp1", API, "investigating", "major_outage", "acme/Q1")));

        assertThat(only(plan).action()).isEqualTo(Action.KEEP);
        assertThat(plan.writes()).isEmpty();
    }

    @Test
    void anUnacknowledgedWorseIncidentDoesNotEscalateBeforeItIsPublished() {
        Plan plan = plan(
                SEVERITY,
                List.of(
                        pd("acme", "Q1", 1, TRIGGERED, "P1", "high", 3, API),
                        pd("acme", "Q2", 2, ACKNOWLEDGED, null, "high", 30, API)),
                List.of(notice("sp1", API, "investigating", "partial_outage", "acme/Q1,acme/Q2")));

        assertThat(only(plan).action()).isEqualTo(Action.KEEP);
    }

    // --- recovery ---

    @Test
    void withResolveAfterTheLastResolvedIncidentRecoversThroughMonitoring() {
        Plan plan = plan(
                "publish: {resolve_after: 5m}",
                List.of(),
                List.of(notice("sp1", API, "investigating", "partial_outage", "acme/Q1")));

        PlannedChange monitor = only(plan);
        assertThat(monitor.action()).isEqualTo(Action.MONITOR);
        assertThat(monitor.due()).isEqualTo(NOW.plus(Duration.ofMinutes(5)));
        assertThat(monitor.dueReason()).isEqualTo("resolves at 10:05 UTC unless it relapses");
        IncidentWrite patch = update(monitor, "sp1");
        assertThat(patch.status()).isEqualTo("monitoring");
        assertThat(patch.components()).containsExactly(Map.entry(API, "operational"));
        assertThat(patch.body()).isEqualTo("A fix has been implemented for API and we are monitoring the results.");
        assertThat(patch.deliverNotifications()).isFalse();
        assertThat(record(patch).path("monitoring_since").asText()).isEqualTo(NOW.toString());
    }

    @Test
    void aNoticeLastWrittenUnderAnotherPolicyIsReportedAndOneWrittenUnderThisOneIsNot() {
        PlannedChange open =
                only(plan(SEVERITY, List.of(pd("acme", "Q1", 1, ACKNOWLEDGED, "P1", "high", 5, API)), List.of()));
        String ours = record(create(open)).path("policy").asText();
        StatuspageIncident underThisPolicy = notice("sp1", API, "investigating", "major_outage", "acme/Q1");
        ((ObjectNode) underThisPolicy.metadata().path("pagerstatus")).put("policy", ours);
        StatuspageIncident underAnother = notice("sp2", DB, "investigating", "partial_outage", "acme/Q2");
        ((ObjectNode) underAnother.metadata().path("pagerstatus")).put("policy", "00000000000000aa");

        Plan plan = plan(
                SEVERITY,
                List.of(
                        pd("acme", "Q1", 1, ACKNOWLEDGED, "P1", "high", 5, API),
                        pd("acme", "Q2", 2, ACKNOWLEDGED, null, "high", 5, DB)),
                List.of(underThisPolicy, underAnother));

        assertThat(ours).hasSize(16);
        assertThat(plan.findings())
                .extracting(Finding::message)
                .containsExactly("notice sp2 on Database was last written under another policy than policy:"
                        + " another deployment with other settings may keep this page, or the policy changed"
                        + " since (its next update follows this one)");
    }

    @Test
    void theResolutionAfterMonitoringRendersEveryPlaceholderOfItsTemplate() {
        List<StatuspageIncident> monitoring =
                List.of(notice("sp1", API, "monitoring", "operational", "acme/Q1", NOW.minus(Duration.ofMinutes(6))));

        PlannedChange resolve = only(plan("""
                publish: {resolve_after: 5m}
                templates:
                  resolved: {body: "{{component_name}} has recovered from {{status}} that began at {{since}}."}
                """, List.of(), monitoring));

        assertThat(update(resolve, "sp1").body())
                .isEqualTo("API has recovered from a service disruption that began at 09:00 UTC.");
    }

    @Test
    void aNoticeWhoseComponentLeftThePageIsCalledByTheNameItListsNeverByItsId() {
        StatuspageIncident gone = notice("sp1", "gone00000001", "investigating", "major_outage", "acme/Q1");

        PlannedChange resolve = only(plan("", List.of(), List.of(gone)));

        assertThat(update(resolve, "sp1").body())
                .isEqualTo("the affected service is operating normally again. This incident has been resolved.");
    }

    @Test
    void monitoringResolvesOnlyOnceItsTimeHasPassedWithNothingReopened() {
        List<StatuspageIncident> monitoring =
                List.of(notice("sp1", API, "monitoring", "operational", "acme/Q1", NOW.minus(Duration.ofMinutes(3))));

        PlannedChange early = only(plan("publish: {resolve_after: 5m}", List.of(), monitoring));
        assertThat(early.action()).isEqualTo(Action.KEEP);
        assertThat(early.due()).isEqualTo(NOW.plus(Duration.ofMinutes(2)));

        List<StatuspageIncident> done =
                List.of(notice("sp1", API, "monitoring", "operational", "acme/Q1", NOW.minus(Duration.ofMinutes(5))));
        PlannedChange resolve = only(plan("publish: {resolve_after: 5m}", List.of(), done));
        assertThat(resolve.action()).isEqualTo(Action.RESOLVE);
        assertThat(update(resolve, "sp1").body())
                .isEqualTo("API is operating normally again. This incident has been resolved.");
    }

    @Test
    void anIncidentOpeningAgainWhileMonitoringSendsTheSameNoticeBackToInvestigating() {
        List<StatuspageIncident> monitoring =
                List.of(notice("sp1", API, "monitoring", "operational", "acme/Q1", NOW.minus(Duration.ofMinutes(1))));

        Plan plan = plan(
                "publish: {resolve_after: 5m}\n" + SEVERITY,
                List.of(pd("acme", "Q9", 9, ACKNOWLEDGED, "P1", "high", 0, API)),
                monitoring);

        PlannedChange relapse = only(plan);
        assertThat(relapse.action()).isEqualTo(Action.RELAPSE);
        IncidentWrite patch = update(relapse, "sp1");
        assertThat(patch.status()).isEqualTo("investigating");
        assertThat(patch.components()).containsExactly(Map.entry(API, "major_outage"));
        assertThat(patch.body()).isEqualTo("API is experiencing a major outage again. We are investigating.");
        assertThat(patch.deliverNotifications()).isTrue();
        assertThat(record(patch).has("monitoring_since")).isFalse();
        assertThat(plan.writes()).as("no second notice").noneMatch(change -> change.action() == Action.OPEN);
    }

    @Test
    void aTriggeredIncidentWhileMonitoringKeepsTheNoticeOpenUntilItIsDecided() {
        List<StatuspageIncident> monitoring =
                List.of(notice("sp1", API, "monitoring", "operational", "acme/Q1", NOW.minus(Duration.ofMinutes(9))));

        Plan plan = plan(
                "publish: {resolve_after: 5m}",
                List.of(pd("acme", "Q9", 9, TRIGGERED, null, "high", 0, API)),
                monitoring);

        assertThat(only(plan).action()).isEqualTo(Action.KEEP);
        assertThat(only(plan).reason()).startsWith("monitoring; not resolved while acme#9 is open");
    }

    @Test
    void withoutResolveAfterTheNoticeResolvesAtOnceAsBefore() {
        Plan plan = plan("", List.of(), List.of(notice("sp1", API, "investigating", "partial_outage", "acme/Q1")));

        assertThat(only(plan).action()).isEqualTo(Action.RESOLVE);
    }

    // --- words ---

    @Test
    void sinceIsWhenTheFirstIncidentBehindTheNoticeTriggered() {
        String yaml = "templates:\n  open:\n    body: \"Since {{since}}, {{component_name}} has {{status}}.\"";
        Plan plan = plan(
                yaml,
                List.of(
                        pd("acme", "Q1", 1, ACKNOWLEDGED, null, "high", 18, API),
                        pd("acme", "Q2", 2, ACKNOWLEDGED, null, "high", 42, API)),
                List.of());

        IncidentWrite open = create(only(plan));
        assertThat(open.body()).isEqualTo("Since 09:18 UTC, API has a partial outage.");
        assertThat(open.metadata().path("pagerstatus").path("since").asText()).isEqualTo("2026-03-18T09:18:00Z");
    }

    @Test
    void everyWriteSaysWhetherSubscribersAreNotified() {
        String yaml = "notify: {open: false, resolved: false}";
        Plan opening = plan(yaml, List.of(pd("acme", "Q1", 1, ACKNOWLEDGED, null, "high", 1, API)), List.of());
        Plan resolving =
                plan(yaml, List.of(), List.of(notice("sp1", API, "investigating", "partial_outage", "acme/Q1")));

        assertThat(create(only(opening)).deliverNotifications()).isFalse();
        assertThat(update(only(resolving), "sp1").deliverNotifications()).isFalse();
    }

    // --- public notes ---

    @Test
    void aPublicNoteIsPostedOnceWithoutItsMarker() {
        PagerDutyIncident incident = pd("acme", "Q1", 1, ACKNOWLEDGED, null, "high", 10, API);
        Map<String, List<PagerDutyNote>> notes = Map.of(
                "acme/Q1",
                List.of(
                        new PagerDutyNote("PN1", "Rolled back deploy 4711 on api-7, watching", NOW),
                        new PagerDutyNote(
                                "PN2", "#public We have rolled back the change and are watching recovery.", NOW)));

        Plan plan = plan(
                "", List.of(incident), List.of(notice("sp1", API, "identified", "partial_outage", "acme/Q1")), notes);

        PlannedChange post = plan.changes().stream()
                .filter(change -> change.action() == Action.POST_NOTE)
                .findFirst()
                .orElseThrow();
        IncidentWrite patch = update(post, "sp1");
        assertThat(patch.body()).isEqualTo("We have rolled back the change and are watching recovery.");
        assertThat(patch.status()).isEqualTo("identified");
        assertThat(patch.deliverNotifications()).isTrue();
        assertThat(record(patch).path("notes").asText()).isEqualTo("PN2");
        assertThat(plan.writes()).extracting(PlannedChange::action).containsExactly(Action.POST_NOTE);

        StatuspageIncident posted = notice("sp1", API, "identified", "partial_outage", "acme/Q1");
        ((ObjectNode) posted.metadata().path("pagerstatus")).put("notes", "PN2");
        assertThat(plan("", List.of(incident), List.of(posted), notes).writes())
                .as("once")
                .isEmpty();
    }

    @Test
    void aPublicNoteThatNamesAHostIsHeldAndReported() {
        Map<String, List<PagerDutyNote>> notes = Map.of(
                "acme/Q1", List.of(new PagerDutyNote("PN3", "#public Restarted db1.prod.acme.com, recovering", NOW)));

        Plan plan = plan(
                "",
                List.of(pd("acme", "Q1", 1, ACKNOWLEDGED, null, "high", 10, API)),
                List.of(notice("sp1", API, "investigating", "partial_outage", "acme/Q1")),
                notes);

        assertThat(plan.writes()).isEmpty();
        assertThat(plan.findings()).singleElement().satisfies(finding -> {
            assertThat(finding.kind()).isEqualTo(Finding.Kind.HELD_PUBLIC_NOTE);
            assertThat(finding.message()).contains("PN3", "acme#1", "a host name (db1.prod.acme.com)");
        });
    }

    @Test
    void aNotePostedInThePassThatEscalatesKeepsTheEscalationsRecord() {
        Map<String, List<PagerDutyNote>> notes =
                Map.of("acme/Q1", List.of(new PagerDutyNote("PN4", "#public Failing over now.", NOW)));

        Plan plan = plan(
                SEVERITY,
                List.of(pd("acme", "Q1", 1, ACKNOWLEDGED, "P1", "high", 10, API)),
                List.of(notice("sp1", API, "investigating", "partial_outage", "acme/Q1")),
                notes);

        assertThat(plan.writes()).extracting(PlannedChange::action).containsExactly(Action.ESCALATE, Action.POST_NOTE);
        assertThat(record(update(plan.writes().get(1), "sp1")).path("status").asText())
                .isEqualTo("major_outage");
    }

    // --- builders ---

    private static Policy policy(String yaml) {
        return PolicyParser.parse(yaml, "policy");
    }

    private static Plan plan(String yaml, List<PagerDutyIncident> pagerDuty, List<StatuspageIncident> notices) {
        return plan(yaml, pagerDuty, notices, Map.of());
    }

    private static Plan plan(
            String yaml,
            List<PagerDutyIncident> pagerDuty,
            List<StatuspageIncident> notices,
            Map<String, List<PagerDutyNote>> notes) {
        return Reconciler.plan(new Observation(pagerDuty, PAGE, notices, notes, NOW), policy(yaml));
    }

    private static PlannedChange only(Plan plan) {
        assertThat(plan.changes()).hasSize(1);
        return plan.changes().getFirst();
    }

    private static IncidentWrite create(PlannedChange change) {
        assertThat(change.write()).isInstanceOf(StatuspageWrite.Create.class);
        return ((StatuspageWrite.Create) change.write()).incident();
    }

    private static IncidentWrite update(PlannedChange change, String incidentId) {
        assertThat(change.write()).isInstanceOf(StatuspageWrite.Update.class);
        StatuspageWrite.Update update = (StatuspageWrite.Update) change.write();
        assertThat(update.incidentId()).isEqualTo(incidentId);
        return update.change();
    }

    private static com.fasterxml.jackson.databind.JsonNode record(IncidentWrite write) {
        return write.metadata().path("pagerstatus");
    }

    private static PagerDutyIncident pd(
            String account,
            String id,
            int number,
            IncidentStatus status,
            String priority,
            String urgency,
            int minutesAgo,
            String... components) {
        return new PagerDutyIncident(
                account,
                id,
                number,
                status,
                "internal title on host-1.internal",
                "https://" + account + ".pagerduty.com/incidents/" + id,
                NOW.minus(Duration.ofMinutes(minutesAgo)),
                priority,
                urgency,
                Set.of(components),
                List.of());
    }

    private static StatuspageIncident notice(
            String id, String component, String status, String componentStatus, String pagerDuty) {
        return notice(id, component, status, componentStatus, pagerDuty, null);
    }

    private static StatuspageIncident notice(
            String id,
            String component,
            String status,
            String componentStatus,
            String pagerDuty,
            Instant monitoringSince) {
        ObjectNode metadata = Json.MAPPER.createObjectNode();
        ObjectNode marker = metadata.putObject("pagerstatus");
        marker.put("managed", "true");
        marker.put("component", component);
        marker.put("pagerduty", pagerDuty == null ? "acme/Q0" : pagerDuty);
        marker.put("since", "2026-03-18T09:00:00Z");
        marker.put("status", componentStatus);
        if (monitoringSince != null) {
            marker.put("monitoring_since", monitoringSince.toString());
        }
        return new StatuspageIncident(
                id,
                "Investigating errors in API",
                status,
                Instant.parse("2026-03-18T09:01:00Z"),
                "https://stspg.io/" + id,
                List.of(component),
                metadata,
                List.of(new IncidentUpdate(
                        "u1",
                        "investigating",
                        "Automated monitoring has determined...",
                        Instant.parse("2026-03-18T09:01:00Z"),
                        List.of(component))));
    }
}
