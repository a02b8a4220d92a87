package dev.pagerstatus.setup;

import dev.pagerstatus.http.ApiException;
import dev.pagerstatus.pagerduty.WebhookSubscriptions;
import dev.pagerstatus.setup.SubscriptionPlanner.AccountPlan;
import dev.pagerstatus.setup.SubscriptionPlanner.Step;
import dev.pagerstatus.support.Secret;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Carries out one account's plan, step by step, saying each as it is done. A new subscription's secret is
 * stored before anything else happens; if it cannot be, the subscription is deleted again, so none is left
 * whose secret is lost. It decides nothing the plan did not.
 */
public final class SetupRunner {
    private final SecretStore store;
    private final PrintStream out;

    public SetupRunner(SecretStore store, PrintStream out) {
        this.store = store;
        this.out = out;
    }

    /** A step failed; the message says which and what is left as it was. */
    public static final class StepFailed extends Exception {
        StepFailed(String message, Throwable cause) {
            super(message, cause);
        }
    }

    public void apply(AccountPlan plan, WebhookSubscriptions subscriptions) throws StepFailed {
        String created = null;
        for (Step step : plan.steps()) {
            try {
                String id = run(step, plan.account(), subscriptions, created);
                created = step instanceof Step.Create ? id : created;
            } catch (ApiException e) {
                throw new StepFailed(
                        e.isAuthFailure()
                                ? Setup.refused(plan.account(), e.status())
                                : plan.account() + ": could not " + step.describe() + ": " + e.getMessage(),
                        e);
            }
            out.println("  done: " + step.describe());
        }
    }

    /** Runs one step; returns the id of a subscription it created. */
    private String run(Step step, String account, WebhookSubscriptions subscriptions, String created)
            throws ApiException, StepFailed {
        switch (step) {
            case Step.Create create -> {
                return create(create, account, subscriptions);
            }
            case Step.Enable enable -> subscriptions.enable(enable.id());
            case Step.Update update -> subscriptions.update(update.id(), update.events());
            case Step.Ping ping -> subscriptions.ping(ping.id() == null ? created : ping.id());
            case Step.Delete delete -> subscriptions.delete(delete.id());
            case Step.Forget forget -> forget(account, forget);
        }
        return null;
    }

    private String create(Step.Create step, String account, WebhookSubscriptions subscriptions)
            throws ApiException, StepFailed {
        WebhookSubscriptions.Created created = subscriptions.create(
                step.url(), "pagerstatus " + account + " (storing its secret)", step.events(), step.scope());
        String id = created.subscription().id();
        List<Secret> secrets = new ArrayList<>(store.secrets(account));
        secrets.add(created.secret());
        try {
            store.put(account, secrets);
        } catch (SecretStore.StoreFailed e) {
            subscriptions.delete(id);
            throw new StepFailed(
                    account + ": the new subscription's secret could not be stored (" + e.getMessage()
                            + "), so the subscription was deleted again; nothing else changed",
                    e);
        }
        subscriptions.describe(id, Fingerprint.description(account, created.secret()));
        return id;
    }

    private void forget(String account, Step.Forget step) throws StepFailed {
        List<Secret> kept = store.secrets(account).stream()
                .filter(secret -> !step.prints().contains(Fingerprint.of(secret)))
                .toList();
        try {
            store.put(account, kept);
        } catch (SecretStore.StoreFailed e) {
            throw new StepFailed(account + ": could not remove old secrets: " + e.getMessage(), e);
        }
    }
}
