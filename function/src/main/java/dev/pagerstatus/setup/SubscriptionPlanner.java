package dev.pagerstatus.setup;

import dev.pagerstatus.pagerduty.WebhookSubscription;
import dev.pagerstatus.policy.ComponentPolicy;
import dev.pagerstatus.policy.Policy;
import java.net.URI;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Decides, for one account, what setup does so that exactly one enabled subscription delivers to
 * {@code <base>/<account>} with the events the configuration needs, signed with a secret the receiver has.
 * Pure: from what PagerDuty lists and which secrets are configured (by {@link Fingerprint}), it returns the
 * steps; {@link SetupRunner} carries them out.
 *
 * <p>Repaired in place: a subscription PagerDuty disabled, switched off, or missing events. Replaced (a new one
 * created, its secret stored, pinged, and only then the old deleted): one whose secret is configured nowhere,
 * or that delivers elsewhere, since PagerDuty cannot change a subscription's URL; and every one on
 * {@code --rotate}.
 */
public final class SubscriptionPlanner {
    /** The lifecycle events every configuration needs. */
    public static final List<String> LIFECYCLE = List.of(
            "incident.triggered",
            "incident.acknowledged",
            "incident.unacknowledged",
            "incident.resolved",
            "incident.reopened");

    public static final String PRIORITY_UPDATED = "incident.priority_updated";
    public static final String ANNOTATED = "incident.annotated";
    /** PagerDuty's limit of subscriptions in one scope. */
    public static final int MAX_PER_SCOPE = 10;

    private SubscriptionPlanner() {}

    /** What setup knows of one account before it decides; {@code listed}: the account's, in every scope. */
    public record Facts(
            String account,
            URI target,
            WebhookSubscription.Scope scope,
            Set<String> events,
            List<WebhookSubscription> listed,
            Set<String> configuredPrints,
            boolean rotate) {
        public Facts {
            events = Set.copyOf(new LinkedHashSet<>(events));
            listed = List.copyOf(listed);
            configuredPrints = Set.copyOf(configuredPrints);
        }
    }

    public enum Action {
        CREATE,
        REPAIR,
        REPLACE,
        LEAVE,
        /** Nothing can be done until a person acts (a full scope). */
        BLOCKED
    }

    /** One thing setup does, in order. */
    public sealed interface Step {
        String describe();

        /** Create a subscription and store its secret beside the configured ones before anything else. */
        record Create(URI url, List<String> events, WebhookSubscription.Scope scope) implements Step {
            public String describe() {
                return "create a subscription to " + url + " (" + scope + " scope, " + events.size()
                        + " events) and store its secret";
            }
        }

        record Enable(String id) implements Step {
            public String describe() {
                return "enable " + id + ", which PagerDuty disabled after failed deliveries";
            }
        }

        record Update(String id, List<String> events) implements Step {
            public String describe() {
                return "switch " + id + " on with the events " + String.join(", ", events);
            }
        }

        /** Ping a subscription; {@code id} null: the one this plan created. */
        record Ping(String id) implements Step {
            public String describe() {
                return "ping " + (id == null ? "the new subscription" : id);
            }
        }

        record Delete(String id, String why) implements Step {
            public String describe() {
                return "delete " + id + " (" + why + ")";
            }
        }

        /** Drop the configured secrets of the subscriptions deleted. */
        record Forget(Set<String> prints) implements Step {
            public Forget {
                prints = Set.copyOf(prints);
            }

            public String describe() {
                return "remove the deleted subscriptions' secrets (" + String.join(", ", new TreeSet<>(prints)) + ")";
            }
        }
    }

    public record AccountPlan(String account, Action action, String reason, List<Step> steps) {
        public AccountPlan {
            steps = List.copyOf(steps);
        }
    }

    /**
     * The events the configuration needs: the lifecycle; priority changes when a severity rule names a priority
     * or an urgency; and notes, which {@code #public } notes arrive as.
     */
    public static List<String> neededEvents(Policy policy) {
        List<String> events = new ArrayList<>(LIFECYCLE);
        if (usesPriorityOrUrgency(policy)) {
            events.add(PRIORITY_UPDATED);
        }
        events.add(ANNOTATED);
        return List.copyOf(events);
    }

    private static boolean usesPriorityOrUrgency(Policy policy) {
        Stream<ComponentPolicy> policies = Stream.concat(
                Stream.of(policy.base()),
                policy.components().keySet().stream().map(id -> policy.forComponent(id, null)));
        return policies.flatMap(component -> component.rules().stream())
                .anyMatch(rule -> !rule.priorities().isEmpty() || rule.urgency() != null);
    }

    public static AccountPlan plan(Facts facts) {
        List<WebhookSubscription> ours = ours(facts);
        Optional<WebhookSubscription> keep = facts.rotate()
                ? Optional.empty()
                : ours.stream()
                        .filter(subscription -> keepable(facts, subscription))
                        .min(Comparator.comparing(subscription -> !subscription.delivering()));
        return keep.map(kept -> repair(facts, ours, kept)).orElseGet(() -> replace(facts, ours));
    }

    /** Setup's own subscriptions for this account (by description), and any to the target URL. */
    private static List<WebhookSubscription> ours(Facts facts) {
        return facts.listed().stream()
                .filter(subscription -> subscription.url().equals(facts.target())
                        || Fingerprint.account(subscription.description()).equals(Optional.of(facts.account())))
                .toList();
    }

    private static boolean keepable(Facts facts, WebhookSubscription subscription) {
        return subscription.url().equals(facts.target())
                && subscription.scope().equals(facts.scope())
                && Fingerprint.inDescription(subscription.description())
                        .filter(facts.configuredPrints()::contains)
                        .isPresent();
    }

    private static AccountPlan replace(Facts facts, List<WebhookSubscription> ours) {
        long inScope = facts.listed().stream()
                .filter(subscription -> subscription.scope().equals(facts.scope()))
                .count();
        if (inScope >= MAX_PER_SCOPE) {
            return new AccountPlan(
                    facts.account(),
                    Action.BLOCKED,
                    "the " + facts.scope() + " scope already has "
                            + inScope
                            + " subscriptions, PagerDuty's limit; delete one it no longer needs, then run setup again",
                    List.of());
        }
        List<Step> steps = new ArrayList<>();
        steps.add(new Step.Create(facts.target(), orderedEvents(facts.events()), facts.scope()));
        steps.add(new Step.Ping(null));
        steps.addAll(retire(facts, ours));
        if (ours.isEmpty()) {
            return new AccountPlan(
                    facts.account(), Action.CREATE, "no subscription delivers to " + facts.target(), steps);
        }
        String reason = facts.rotate() ? "--rotate: a new subscription and secret" : why(facts, ours.getFirst());
        return new AccountPlan(facts.account(), Action.REPLACE, reason, steps);
    }

    private static AccountPlan repair(Facts facts, List<WebhookSubscription> ours, WebhookSubscription kept) {
        List<Step> steps = new ArrayList<>();
        List<String> reasons = new ArrayList<>();
        if (kept.temporarilyDisabled()) {
            steps.add(new Step.Enable(kept.id()));
            reasons.add("PagerDuty disabled it after failed deliveries");
        }
        if (!kept.active() || !kept.receives(facts.events())) {
            Set<String> events = new LinkedHashSet<>(orderedEvents(facts.events()));
            events.addAll(kept.events());
            steps.add(new Step.Update(kept.id(), List.copyOf(events)));
            reasons.add(kept.active() ? "events are missing" : "it is switched off");
        }
        if (!steps.isEmpty()) {
            steps.add(new Step.Ping(kept.id()));
        }
        List<WebhookSubscription> others =
                ours.stream().filter(subscription -> subscription != kept).toList();
        steps.addAll(retire(facts, others));
        if (!others.isEmpty()) {
            reasons.add(others.size() + " more would deliver twice or elsewhere");
        }
        if (steps.isEmpty()) {
            return new AccountPlan(
                    facts.account(),
                    Action.LEAVE,
                    kept.id() + " delivers to " + facts.target() + " with every event needed",
                    steps);
        }
        return new AccountPlan(facts.account(), Action.REPAIR, kept.id() + ": " + String.join("; ", reasons), steps);
    }

    /** Delete each, then drop the secrets they were signed with. */
    private static List<Step> retire(Facts facts, List<WebhookSubscription> old) {
        List<Step> steps = new ArrayList<>();
        Set<String> prints = new TreeSet<>();
        for (WebhookSubscription subscription : old) {
            steps.add(new Step.Delete(subscription.id(), why(facts, subscription)));
            Fingerprint.inDescription(subscription.description())
                    .filter(facts.configuredPrints()::contains)
                    .ifPresent(prints::add);
        }
        if (!prints.isEmpty()) {
            steps.add(new Step.Forget(prints));
        }
        return steps;
    }

    private static String why(Facts facts, WebhookSubscription subscription) {
        if (!subscription.url().equals(facts.target())) {
            return "it delivers to " + subscription.url() + ", and PagerDuty cannot change a URL";
        }
        if (!subscription.scope().equals(facts.scope())) {
            return "it is in the " + subscription.scope() + " scope, not the " + facts.scope() + " scope";
        }
        if (facts.rotate()) {
            return "rotated";
        }
        if (!Fingerprint.inDescription(subscription.description())
                .filter(facts.configuredPrints()::contains)
                .isPresent()) {
            return "its secret is configured nowhere, so no signature from it could be checked";
        }
        return "a duplicate";
    }

    private static List<String> orderedEvents(Set<String> events) {
        List<String> ordered = new ArrayList<>();
        Stream.concat(
                        Stream.concat(LIFECYCLE.stream(), Stream.of(PRIORITY_UPDATED, ANNOTATED)),
                        events.stream().sorted())
                .filter(events::contains)
                .distinct()
                .forEach(ordered::add);
        return ordered;
    }
}
