package dev.pagerstatus.setup;

import dev.pagerstatus.config.ConfigException;
import dev.pagerstatus.config.ConfigUnavailableException;
import dev.pagerstatus.config.EnvironmentSettings;
import dev.pagerstatus.config.Settings;
import dev.pagerstatus.http.ApiException;
import dev.pagerstatus.pagerduty.WebhookSubscription;
import dev.pagerstatus.pagerduty.WebhookSubscriptions;
import dev.pagerstatus.setup.SubscriptionPlanner.AccountPlan;
import dev.pagerstatus.setup.SubscriptionPlanner.Action;
import dev.pagerstatus.support.Secret;
import dev.pagerstatus.sync.ApiClients;
import java.io.PrintStream;
import java.net.URI;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * {@code setup}: per account, lists the subscriptions with the account's {@code PD_ADMIN_KEY_<NAME>}, asks
 * {@link SubscriptionPlanner} what to do, prints it, and with {@code apply} has {@link SetupRunner} do it. Exit
 * status 0 when done (or nothing to do), 1 when a step failed or a scope is full.
 */
public final class Setup {
    public static final int OK = 0;
    public static final int FAILED = 1;

    /**
     * {@code scope}: each account's, unless {@code accountScopes} names one for it (a service's or team's id
     * belongs to one account); {@code keyExpires}: the Statuspage key's expiry to record, when given.
     */
    public record Options(
            URI base,
            WebhookSubscription.Scope scope,
            Map<String, WebhookSubscription.Scope> accountScopes,
            boolean apply,
            boolean rotate,
            Optional<LocalDate> keyExpires) {
        public Options {
            accountScopes = Map.copyOf(accountScopes);
        }

        public Options(
                URI base,
                WebhookSubscription.Scope scope,
                boolean apply,
                boolean rotate,
                Optional<LocalDate> keyExpires) {
            this(base, scope, Map.of(), apply, rotate, keyExpires);
        }

        public WebhookSubscription.Scope scopeOf(String account) {
            return accountScopes.getOrDefault(account, scope);
        }
    }

    private final ApiClients clients;
    private final SecretStore store;
    private final PrintStream out;
    private final PrintStream err;

    public Setup(ApiClients clients, SecretStore store, PrintStream out, PrintStream err) {
        this.clients = clients;
        this.store = store;
        this.out = out;
        this.err = err;
    }

    public int run(Options options, Settings settings, Map<String, String> env) {
        Map<String, Secret> keys = adminKeys(settings, env);
        for (String account : options.accountScopes().keySet()) {
            if (!keys.containsKey(account)) {
                throw new ConfigException("--scope names account '" + account + "', which is not configured; the"
                        + " accounts are " + String.join(", ", keys.keySet()));
            }
        }
        refuseAccountUrl(options.base(), keys.keySet());
        // Read (and so validated) before anything is planned or done; a date given on the command line replaces it.
        Optional<LocalDate> recorded = options.keyExpires().isPresent() ? Optional.empty() : store.keyExpiry();
        List<String> events = SubscriptionPlanner.neededEvents(settings.policy());
        Map<AccountPlan, WebhookSubscriptions> plans = new LinkedHashMap<>();
        for (var account : keys.entrySet()) {
            WebhookSubscriptions subscriptions =
                    clients.webhookSubscriptions(settings, account.getKey(), account.getValue());
            AccountPlan plan = SubscriptionPlanner.plan(facts(options, account.getKey(), events, subscriptions));
            print(plan);
            plans.put(plan, subscriptions);
        }
        boolean changes = plans.keySet().stream().anyMatch(plan -> !plan.steps().isEmpty());
        boolean failed = plans.keySet().stream().anyMatch(plan -> plan.action() == Action.BLOCKED);
        if (!failed && options.apply() && changes && !receiverAnswers(options.base(), List.copyOf(keys.keySet()))) {
            return FAILED;
        }
        for (var plan : plans.entrySet()) {
            if (failed) {
                break;
            }
            failed = options.apply() && !carryOut(plan.getKey(), plan.getValue());
        }
        failed |= !keyExpiry(options, recorded);
        if (!options.apply() && !failed && (changes || options.keyExpires().isPresent())) {
            out.println("Nothing was changed: run again with --apply to carry this out.");
        }
        return failed ? FAILED : OK;
    }

    /** {@code --url https://host/acme} would have setup subscribe {@code /acme/acme}: the base is wanted. */
    private static void refuseAccountUrl(URI base, java.util.Set<String> accounts) {
        for (String account : accounts) {
            if (base.getPath() != null && base.getPath().endsWith("/" + account)) {
                throw new ConfigException("--url " + base + " ends in /" + account + ", an account's name: give the"
                        + " receiver's base URL; setup adds /<account> for each account itself");
            }
        }
    }

    /**
     * Before anything is created, replaced or deleted: the receiver at the URL answers with pagerstatus's health
     * document naming every account, as doctor checks it; else no subscription is moved to a URL nobody serves.
     */
    private boolean receiverAnswers(URI base, List<String> accounts) {
        Receiver.Health receiver = Receiver.check(base, accounts);
        if (!receiver.answers()) {
            err.println("pagerstatus: setup: nothing was changed: the receiver at " + base + "/ " + receiver.found()
                    + " (" + receiver.fix() + ")");
            return false;
        }
        return true;
    }

    private SubscriptionPlanner.Facts facts(
            Options options, String account, List<String> events, WebhookSubscriptions subscriptions) {
        List<WebhookSubscription> listed = listAll(subscriptions);
        return new SubscriptionPlanner.Facts(
                account,
                URI.create(options.base() + "/" + account),
                options.scopeOf(account),
                java.util.Set.copyOf(events),
                listed,
                store.secrets(account).stream().map(Fingerprint::of).collect(Collectors.toSet()),
                options.rotate());
    }

    /** Every scope's, so one left in a scope no longer wanted is replaced, not left delivering twice. */
    private static List<WebhookSubscription> listAll(WebhookSubscriptions subscriptions) {
        try {
            return subscriptions.listAll();
        } catch (ApiException e) {
            if (e.status() == 401) {
                throw new ConfigException("account " + subscriptions.account() + ": "
                        + variable(subscriptions.account())
                        + " was not accepted (401): check the key; an EU account's key is refused at the US URL (set"
                        + " PAGERDUTY_API_URL=https://api.eu.pagerduty.com)");
            }
            if (e.isAuthFailure()) {
                throw new ConfigException(refused(subscriptions.account(), e.status()));
            }
            throw new ConfigUnavailableException(
                    "account " + subscriptions.account() + ": could not list webhook subscriptions: " + e.getMessage(),
                    e);
        }
    }

    private boolean carryOut(AccountPlan plan, WebhookSubscriptions subscriptions) {
        try {
            new SetupRunner(store, out).apply(plan, subscriptions);
            return true;
        } catch (SetupRunner.StepFailed e) {
            err.println("pagerstatus: setup: " + e.getMessage());
            return false;
        }
    }

    private void print(AccountPlan plan) {
        out.printf("%-10s %-8s %s%n", plan.account(), plan.action().name().toLowerCase(Locale.ROOT), plan.reason());
        plan.steps().forEach(step -> out.println("  - " + step.describe()));
    }

    private boolean keyExpiry(Options options, Optional<LocalDate> recorded) {
        if (options.keyExpires().isEmpty()) {
            if (recorded.isEmpty()) {
                out.println("note: when the Statuspage key expires is not recorded; pass --statuspage-key-expires"
                        + " YYYY-MM-DD (Statuspage shows it when the key is made) so doctor can warn ahead");
            }
            return true;
        }
        LocalDate date = options.keyExpires().get();
        if (!options.apply()) {
            out.println("statuspage key expiry: would record " + date);
            return true;
        }
        try {
            store.recordKeyExpiry(date);
            out.println("statuspage key expiry: recorded " + date);
            return true;
        } catch (SecretStore.StoreFailed e) {
            err.println("pagerstatus: setup: " + e.getMessage());
            return false;
        }
    }

    /** Every account's {@code PD_ADMIN_KEY_<NAME>}; a missing one is a one-line configuration error. */
    static Map<String, Secret> adminKeys(Settings settings, Map<String, String> env) {
        Map<String, Secret> keys = new LinkedHashMap<>();
        for (String account : settings.accountNames()) {
            String value = env.get(variable(account));
            if (value == null || value.isBlank()) {
                throw new ConfigException("account " + account + " has no " + variable(account)
                        + ": setup needs a PagerDuty key that may write webhook subscriptions (a general access key"
                        + " that is not read-only); it is used by setup only and never stored");
            }
            keys.put(account, Secret.of(value.strip()));
        }
        return keys;
    }

    /** A key PagerDuty refused (401 or 403 after a listing worked): which account, and the kind of key needed. */
    static String refused(String account, int status) {
        return "account " + account + ": " + variable(account) + " was refused (" + status + "): setup needs a"
                + " PagerDuty key that may write webhook subscriptions (a general access key that is not read-only,"
                + " or an Admin's user token)";
    }

    static String variable(String account) {
        return EnvironmentSettings.ADMIN_KEY_PREFIX + account.toUpperCase(Locale.ROOT);
    }
}
