package dev.pagerstatus.doctor;

import dev.pagerstatus.config.EnvironmentSettings;
import dev.pagerstatus.config.PagerDutyAccount;
import dev.pagerstatus.config.Settings;
import dev.pagerstatus.config.StatuspagePage;
import dev.pagerstatus.http.ApiException;
import dev.pagerstatus.pagerduty.PagerDutyClient;
import dev.pagerstatus.pagerduty.WebhookSubscription;
import dev.pagerstatus.setup.Fingerprint;
import dev.pagerstatus.setup.Receiver;
import dev.pagerstatus.setup.SubscriptionPlanner;
import dev.pagerstatus.statuspage.Component;
import dev.pagerstatus.support.Secret;
import dev.pagerstatus.sync.ApiClients;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * {@code doctor}: reads what each check needs (never writes) and has {@link Checks} judge it. One check's
 * failure does not stop the others.
 */
public final class Doctor {
    /** {@code parameterTypes}: on AWS, each parameter under the prefix and its type; empty locally. */
    public record Options(
            Optional<URI> base,
            int days,
            Optional<LocalDate> keyExpires,
            Optional<String> ssmPrefix,
            Map<String, String> parameterTypes) {}

    private final ApiClients clients;
    private final InstantSource clock;
    private final Function<PagerDutyAccount, List<Secret>> secrets;

    /**
     * {@code secrets}: where an account's webhook secrets are configured; locally the settings hold them, on AWS
     * only the receiver's parameter does.
     */
    public Doctor(ApiClients clients, InstantSource clock, Function<PagerDutyAccount, List<Secret>> secrets) {
        this.clients = clients;
        this.clock = clock;
        this.secrets = secrets;
    }

    public List<Check> run(Options options, Settings settings, Map<String, String> env) {
        List<Check> checks = new ArrayList<>();
        Map<String, Component> components = new LinkedHashMap<>();
        for (StatuspagePage page : settings.pages()) {
            checks.add(page(settings, page, components));
        }
        boolean pagesRead = checks.stream().allMatch(check -> check.status() == Check.Status.PASSED);
        checks.add(Checks.keyExpiry(options.keyExpires(), LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC)));
        Set<String> events = Set.copyOf(SubscriptionPlanner.neededEvents(settings.policy()));
        for (PagerDutyAccount account : settings.accounts()) {
            checks.addAll(account(
                    options, settings, env, account, events, pagesRead ? Optional.of(components) : Optional.empty()));
        }
        options.base().ifPresent(base -> checks.add(receiver(base, settings.accountNames())));
        checks.add(Checks.policy(settings.policy()));
        options.ssmPrefix().ifPresent(prefix -> checks.add(Checks.parameters(prefix, options.parameterTypes())));
        return checks;
    }

    private Check page(Settings settings, StatuspagePage page, Map<String, Component> components) {
        try {
            List<Component> listed = clients.statuspage(settings, page).listComponents();
            listed.forEach(component -> components.put(component.id(), component));
            return Checks.page(page.id(), listed, Optional.empty());
        } catch (ApiException e) {
            return Checks.page(page.id(), List.of(), Optional.of(e));
        }
    }

    private List<Check> account(
            Options options,
            Settings settings,
            Map<String, String> env,
            PagerDutyAccount account,
            Set<String> events,
            Optional<Map<String, Component>> components) {
        PagerDutyClient client = clients.pagerDuty(settings, account);
        Instant until = clock.instant();
        Instant since = until.minus(Duration.ofDays(options.days()));
        try {
            PagerDutyClient.Triggers triggers = client.triggers(since, until);
            return List.of(
                    Checks.pagerDutyKey(account.name(), settings.pagerDutyApiUrl(), Optional.empty()),
                    subscriptions(options, settings, env, account, events),
                    components
                            .map(read -> Checks.tags(
                                    account.name(), options.days(), triggers.triggers(), triggers.complete(), read))
                            .orElseGet(() -> Checks.tagsUnjudged(account.name())));
        } catch (ApiException e) {
            return List.of(
                    Checks.pagerDutyKey(account.name(), settings.pagerDutyApiUrl(), Optional.of(e)),
                    subscriptions(options, settings, env, account, events));
        }
    }

    /**
     * Listed with the account's admin key if set (an empty one counts as unset, and the check says so), else its
     * reading key, which PagerDuty may refuse.
     */
    private Check subscriptions(
            Options options, Settings settings, Map<String, String> env, PagerDutyAccount account, Set<String> events) {
        String adminVariable =
                EnvironmentSettings.ADMIN_KEY_PREFIX + account.name().toUpperCase(Locale.ROOT);
        Optional<Secret> admin = Optional.ofNullable(env.get(adminVariable))
                .filter(value -> !value.isBlank())
                .map(value -> Secret.of(value.strip()));
        String empty = env.containsKey(adminVariable) && admin.isEmpty()
                ? " (" + adminVariable + " is empty, so listed with the account's reading key)"
                : "";
        try {
            Set<String> prints =
                    secrets.apply(account).stream().map(Fingerprint::of).collect(Collectors.toSet());
            List<WebhookSubscription> listed = clients.webhookSubscriptions(
                            settings, account.name(), admin.orElse(account.apiKey()))
                    .listAll();
            Check check = Checks.subscriptions(account.name(), listed, events, options.base(), prints);
            return new Check(check.name(), check.status(), check.found() + empty, check.fix());
        } catch (ApiException e) {
            String found = "could not list the account's subscriptions: " + e.getMessage() + empty;
            return e.isAuthFailure() && admin.isEmpty()
                    ? Check.warning(
                            "webhook subscription " + account.name(),
                            found,
                            "set " + adminVariable + " (a key that may read subscriptions) for doctor to check them")
                    : Check.failed("webhook subscription " + account.name(), found, "check " + adminVariable);
        }
    }

    private static Check receiver(URI base, List<String> accounts) {
        return Checks.receiver(base, Receiver.check(base, accounts));
    }
}
