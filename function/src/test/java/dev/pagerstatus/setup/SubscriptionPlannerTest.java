package dev.pagerstatus.setup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pagerstatus.config.PolicyParser;
import dev.pagerstatus.pagerduty.WebhookSubscription;
import dev.pagerstatus.policy.Policy;
import dev.pagerstatus.setup.SubscriptionPlanner.AccountPlan;
import dev.pagerstatus.setup.SubscriptionPlanner.Action;
import dev.pagerstatus.setup.SubscriptionPlanner.Facts;
import dev.pagerstatus.setup.SubscriptionPlanner.Step;
import dev.pagerstatus.support.Secret;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SubscriptionPlannerTest {
    private static final URI TARGET = URI.create("https://hooks.example.com/acme");
    private static final Secret SECRET = Secret.of("a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6");
    private static final Set<String> EVENTS = Set.copyOf(SubscriptionPlanner.neededEvents(Policy.defaults()));

    private static WebhookSubscription subscription(String id, URI url, String description, List<String> events) {
        return new WebhookSubscription(id, url, description, events, WebhookSubscription.Scope.ACCOUNT, true, false);
    }

    private static WebhookSubscription ours(String id) {
        return subscription(id, TARGET, Fingerprint.description("acme", SECRET), List.copyOf(EVENTS));
    }

    private static AccountPlan plan(List<WebhookSubscription> listed, boolean rotate) {
        return SubscriptionPlanner.plan(new Facts(
                "acme",
                TARGET,
                WebhookSubscription.Scope.ACCOUNT,
                EVENTS,
                listed,
                Set.of(Fingerprint.of(SECRET)),
                rotate));
    }

    @Test
    void createsASubscriptionWhenNoneDeliversToTheAccountAndPingsIt() {
        AccountPlan plan = plan(List.of(), false);

        assertThat(plan.action()).isEqualTo(Action.CREATE);
        assertThat(plan.steps()).hasSize(2);
        assertThat(plan.steps().get(0)).isInstanceOf(Step.Create.class);
        assertThat(plan.steps().get(1)).isEqualTo(new Step.Ping(null));
    }

    @Test
    void replacesItsSubscriptionInAScopeNoLongerWantedAfterCreatingOneInTheScopeWanted() {
        WebhookSubscription.Scope service =
                new WebhookSubscription.Scope(WebhookSubscription.Scope.Kind.SERVICE, "PSVC101");
        AccountPlan plan = SubscriptionPlanner.plan(
                new Facts("acme", TARGET, service, EVENTS, List.of(ours("P1")), Set.of(Fingerprint.of(SECRET)), false));

        assertThat(plan.action()).isEqualTo(Action.REPLACE);
        assertThat(plan.steps().getFirst()).isInstanceOf(Step.Create.class);
        assertThat(((Step.Create) plan.steps().getFirst()).scope()).isEqualTo(service);
        assertThat(plan.steps())
                .contains(new Step.Delete("P1", "it is in the account scope, not the service PSVC101 scope"));
    }

    @Test
    void leavesOneEnabledSubscriptionWithEveryEventAndAConfiguredSecret() {
        AccountPlan plan = plan(List.of(ours("P1")), false);

        assertThat(plan.action()).isEqualTo(Action.LEAVE);
        assertThat(plan.steps()).isEmpty();
    }

    @Test
    void enablesASubscriptionPagerDutyDisabledAndPingsIt() {
        WebhookSubscription disabled = new WebhookSubscription(
                "P1",
                TARGET,
                Fingerprint.description("acme", SECRET),
                List.copyOf(EVENTS),
                WebhookSubscription.Scope.ACCOUNT,
                true,
                true);

        AccountPlan plan = plan(List.of(disabled), false);

        assertThat(plan.action()).isEqualTo(Action.REPAIR);
        assertThat(plan.steps()).containsExactly(new Step.Enable("P1"), new Step.Ping("P1"));
    }

    @Test
    void addsMissingEventsInPlaceKeepingOnesSomeoneElseAdded() {
        WebhookSubscription partial = subscription(
                "P1",
                TARGET,
                Fingerprint.description("acme", SECRET),
                List.of("incident.triggered", "incident.escalated"));

        AccountPlan plan = plan(List.of(partial), false);

        assertThat(plan.action()).isEqualTo(Action.REPAIR);
        Step.Update update = (Step.Update) plan.steps().getFirst();
        assertThat(update.events()).containsAll(EVENTS).contains("incident.escalated");
    }

    @Test
    void replacesASubscriptionWhoseSecretIsConfiguredNowhere() {
        WebhookSubscription handMade = subscription("P1", TARGET, "made in the web UI", List.copyOf(EVENTS));

        AccountPlan plan = plan(List.of(handMade), false);

        assertThat(plan.action()).isEqualTo(Action.REPLACE);
        assertThat(plan.reason()).contains("configured nowhere");
        assertThat(kinds(plan)).containsExactly("Create", "Ping", "Delete");
    }

    @Test
    void replacesASubscriptionAtAnOldUrlCreatingTheNewOneFirst() {
        WebhookSubscription moved = subscription(
                "P1",
                URI.create("https://old.example.com/acme"),
                Fingerprint.description("acme", SECRET),
                List.copyOf(EVENTS));

        AccountPlan plan = plan(List.of(moved), false);

        assertThat(plan.action()).isEqualTo(Action.REPLACE);
        assertThat(plan.reason()).contains("cannot change a URL");
        assertThat(kinds(plan)).containsExactly("Create", "Ping", "Delete", "Forget");
    }

    @Test
    void rotatesByAddingTheNewSecretBeforeDeletingTheOldSubscriptionAndOnlyThenForgettingItsSecret() {
        AccountPlan plan = plan(List.of(ours("P1")), true);

        assertThat(plan.action()).isEqualTo(Action.REPLACE);
        assertThat(kinds(plan)).containsExactly("Create", "Ping", "Delete", "Forget");
        assertThat(((Step.Forget) plan.steps().getLast()).prints()).containsExactly(Fingerprint.of(SECRET));
    }

    @Test
    void deletesADuplicateThatWouldDeliverTwice() {
        AccountPlan plan = plan(List.of(ours("P1"), ours("P2")), false);

        assertThat(plan.action()).isEqualTo(Action.REPAIR);
        assertThat(plan.steps().getFirst()).isEqualTo(new Step.Delete("P2", "a duplicate"));
    }

    @Test
    void leavesOtherToolsSubscriptionsAlone() {
        WebhookSubscription other =
                subscription("P9", URI.create("https://chat.example.com/hook"), "chat", List.of("incident.triggered"));

        AccountPlan plan = plan(List.of(ours("P1"), other), false);

        assertThat(plan.action()).isEqualTo(Action.LEAVE);
    }

    @Test
    void isBlockedWhenTheScopeAlreadyHoldsTenSubscriptions() {
        List<WebhookSubscription> full = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            full.add(subscription(
                    "P" + i, URI.create("https://other.example.com/" + i), "other", List.of("incident.triggered")));
        }

        AccountPlan plan = plan(full, false);

        assertThat(plan.action()).isEqualTo(Action.BLOCKED);
        assertThat(plan.reason()).contains("10 subscriptions, PagerDuty's limit");
        assertThat(plan.steps()).isEmpty();
    }

    @Test
    void needsPriorityUpdatesOnlyWhenThePolicyUsesPriorityOrUrgency() {
        Policy byPriority =
                PolicyParser.parse("severity:\n  rules:\n    - priority: P1\n      status: major_outage\n", "test");
        Policy byUrgency = PolicyParser.parse(
                "severity:\n  rules:\n    - urgency: low\n      status: degraded_performance\n", "test");

        assertThat(SubscriptionPlanner.neededEvents(Policy.defaults()))
                .doesNotContain(SubscriptionPlanner.PRIORITY_UPDATED)
                .contains(SubscriptionPlanner.ANNOTATED)
                .containsAll(SubscriptionPlanner.LIFECYCLE);
        assertThat(SubscriptionPlanner.neededEvents(byPriority)).contains(SubscriptionPlanner.PRIORITY_UPDATED);
        assertThat(SubscriptionPlanner.neededEvents(byUrgency)).contains(SubscriptionPlanner.PRIORITY_UPDATED);
    }

    @Test
    void aFingerprintNamesTheAccountAndNeverShowsTheSecret() {
        String description = Fingerprint.description("acme", SECRET);

        assertThat(description).doesNotContain(SECRET.reveal()).startsWith("pagerstatus acme (secret ");
        assertThat(Fingerprint.inDescription(description)).contains(Fingerprint.of(SECRET));
        assertThat(Fingerprint.account(description)).contains("acme");
    }

    private static List<String> kinds(AccountPlan plan) {
        return plan.steps().stream()
                .map(step -> step.getClass().getSimpleName())
                .toList();
    }
}
