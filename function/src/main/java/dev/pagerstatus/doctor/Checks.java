package dev.pagerstatus.doctor;

import dev.pagerstatus.http.ApiException;
import dev.pagerstatus.pagerduty.Trigger;
import dev.pagerstatus.pagerduty.WebhookSubscription;
import dev.pagerstatus.setup.Fingerprint;
import dev.pagerstatus.setup.Receiver;
import dev.pagerstatus.statuspage.Component;
import java.net.URI;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * doctor's judgements: each turns what was read into one {@link Check}. Pure; {@link Doctor} does the reading.
 */
public final class Checks {
    static final int EXPIRY_WARNING_DAYS = 30;
    private static final String EU_API = "https://api.eu.pagerduty.com";

    private Checks() {}

    /** An account's key, judged by a read made with it (empty: it succeeded). */
    public static Check pagerDutyKey(String account, URI apiUrl, Optional<ApiException> failure) {
        String name = "pagerduty key " + account;
        if (failure.isEmpty()) {
            return Check.passed(name, "PD_ACCOUNT_" + upper(account) + " was accepted");
        }
        ApiException e = failure.get();
        if (e.status() == 401) {
            String eu = apiUrl.toString().contains("api.pagerduty.com")
                    ? "; an EU account's key is refused at the US URL: if the account is on PagerDuty's EU region, set"
                            + " PAGERDUTY_API_URL=" + EU_API
                    : "";
            return Check.failed(name, "account " + account + ": the key was refused (401)", "check the key" + eu);
        }
        return Check.failed(
                name, "account " + account + ": " + e.getMessage(), "try again; if it persists, check " + apiUrl);
    }

    /** A page, judged by listing its components. */
    public static Check page(String pageId, List<Component> components, Optional<ApiException> failure) {
        String name = "statuspage page " + pageId;
        if (failure.isPresent()) {
            ApiException e = failure.get();
            String fix = e.isAuthFailure()
                    ? "check STATUSPAGE_KEY (keys now expire; an expired key is refused) and the page id"
                    : "check the page id and try again";
            return Check.failed(name, e.getMessage(), fix);
        }
        return Check.passed(
                name,
                components.size() + " components: "
                        + String.join(
                                ", ",
                                components.stream()
                                        .map(component -> component.name() + " " + component.id()
                                                + (component.group() ? " (group)" : ""))
                                        .toList()));
    }

    public static Check keyExpiry(Optional<LocalDate> expires, LocalDate today) {
        String name = "statuspage key expiry";
        if (expires.isEmpty()) {
            return Check.warning(
                    name,
                    "not recorded; Statuspage keys expire after 1 to 365 days and its API does not say when",
                    "pagerstatus setup --url <base> --apply --statuspage-key-expires YYYY-MM-DD");
        }
        long days = ChronoUnit.DAYS.between(today, expires.get());
        if (days < 0) {
            return Check.failed(
                    name,
                    "expired on " + expires.get(),
                    "make a new key in Statuspage, configure it, and"
                            + " record its expiry with setup --statuspage-key-expires");
        }
        if (days <= EXPIRY_WARNING_DAYS) {
            return Check.warning(
                    name,
                    "expires on " + expires.get() + ", in " + days + " days",
                    "make a new key in Statuspage before then, and record its expiry with setup");
        }
        return Check.passed(name, "expires on " + expires.get() + ", in " + days + " days");
    }

    /**
     * An account's subscriptions: exactly one delivering to the account (with {@code base}, to exactly
     * {@code <base>/<account>}), enabled, with the events needed, whose secret is configured.
     */
    public static Check subscriptions(
            String account,
            List<WebhookSubscription> listed,
            Set<String> events,
            Optional<URI> base,
            Set<String> configuredPrints) {
        String name = "webhook subscription " + account;
        String fix = "pagerstatus setup --url " + base.map(URI::toString).orElse("<base URL>") + " --apply";
        List<WebhookSubscription> toAccount = listed.stream()
                .filter(subscription -> deliversTo(subscription, account, base))
                .toList();
        List<WebhookSubscription> elsewhere = listed.stream()
                .filter(subscription -> !toAccount.contains(subscription) && meantFor(subscription, account))
                .toList();
        if (toAccount.isEmpty()) {
            return Check.failed(name, "no subscription delivers to " + where(account, base), fix);
        }
        List<String> problems = new ArrayList<>();
        if (toAccount.size() > 1) {
            problems.add(toAccount.size() + " subscriptions deliver to it (each event arrives twice)");
        }
        if (!elsewhere.isEmpty()) {
            problems.add("left at an old URL: " + elsewhere.getFirst().url());
        }
        for (WebhookSubscription subscription : toAccount) {
            problems.addAll(problems(subscription, events));
        }
        if (!problems.isEmpty()) {
            return Check.failed(name, String.join("; ", problems), fix);
        }
        WebhookSubscription only = toAccount.getFirst();
        String found = only.id() + " delivers to " + only.url() + " with every event" + " needed";
        Optional<String> print = Fingerprint.inDescription(only.description());
        if (print.isEmpty()) {
            return Check.warning(
                    name,
                    found + ", but whether its secret is configured cannot be told (setup did not make it)",
                    fix + " (replaces it once, with a secret it stores)");
        }
        return configuredPrints.contains(print.get())
                ? Check.passed(name, found)
                : Check.failed(
                        name,
                        found + ", but its secret (" + print.get() + ") is configured nowhere: every delivery will"
                                + " be refused",
                        fix);
    }

    /** Setup's for the account (by its description), or one whose URL ends in the account's path. */
    private static boolean meantFor(WebhookSubscription subscription, String account) {
        return Fingerprint.account(subscription.description()).equals(Optional.of(account))
                || subscription.url().getPath().endsWith("/" + account);
    }

    private static List<String> problems(WebhookSubscription subscription, Set<String> events) {
        List<String> problems = new ArrayList<>();
        String id = subscription.id();
        if (subscription.temporarilyDisabled()) {
            problems.add(id + " was disabled by PagerDuty after failed deliveries");
        } else if (!subscription.active()) {
            problems.add(id + " is switched off");
        }
        List<String> missing = events.stream()
                .filter(event -> !subscription.events().contains(event))
                .sorted()
                .toList();
        if (!missing.isEmpty()) {
            problems.add(id + " lacks " + String.join(", ", missing));
        }
        return problems;
    }

    private static boolean deliversTo(WebhookSubscription subscription, String account, Optional<URI> base) {
        return base.map(url -> subscription.url().equals(URI.create(url + "/" + account)))
                .orElseGet(() -> subscription.url().getPath().endsWith("/" + account));
    }

    private static String where(String account, Optional<URI> base) {
        return base.map(url -> url + "/" + account).orElse("a URL ending in /" + account);
    }

    /** The receiver's {@code GET <base>/}, as {@link Receiver} judges it. */
    public static Check receiver(URI base, Receiver.Health health) {
        String name = "receiver " + base;
        return health.answers() ? Check.passed(name, health.found()) : Check.failed(name, health.found(), health.fix());
    }

    /**
     * Component tags on the incidents triggered lately: each that reaches no component (a name instead of an id,
     * an id on no page, a group, an empty or malformed tag), and how many reached one.
     */
    public static Check tags(
            String account, int days, List<Trigger> triggers, boolean complete, Map<String, Component> components) {
        String name = "component tags " + account;
        List<String> broken = new ArrayList<>();
        int reached = 0;
        for (Trigger trigger : triggers) {
            List<String> problems = new ArrayList<>(trigger.tags().problems());
            boolean reaches = false;
            for (String id : trigger.tags().componentIds()) {
                Optional<String> problem = tagProblem(id, components);
                problem.ifPresent(problems::add);
                reaches |= problem.isEmpty();
            }
            reached += reaches ? 1 : 0;
            if (!problems.isEmpty()) {
                broken.add(trigger.incident() + " (" + trigger.service() + "): " + String.join("; ", problems));
            }
        }
        String counted = reached + " of " + triggers.size() + " incidents triggered in the last " + days
                + " days reached a component" + (complete ? "" : " (the first 1,000 read)");
        if (broken.isEmpty()) {
            return Check.passed(name, counted);
        }
        return Check.warning(
                name,
                counted + "; " + broken.size() + " tags reach none: " + String.join(" | ", broken),
                "tag the monitors with component:<component id> (ids are listed under statuspage page)");
    }

    /** Without every page's components, no tag can be judged: an id missing may be on the page not read. */
    public static Check tagsUnjudged(String account) {
        return Check.warning(
                "component tags " + account,
                "cannot be judged: not every page's components could be read",
                "fix the statuspage page check first, then run doctor again");
    }

    private static Optional<String> tagProblem(String id, Map<String, Component> components) {
        String componentId = id.contains("/") ? id.substring(id.indexOf('/') + 1) : id;
        Component component = components.get(componentId);
        if (component != null) {
            return component.group() ? Optional.of("'" + id + "' is a group; tag its components") : Optional.empty();
        }
        Optional<Component> byName = components.values().stream()
                .filter(candidate -> candidate.name().equalsIgnoreCase(componentId))
                .findFirst();
        return Optional.of(byName.map(named -> "'" + id + "' is a name; the id is " + named.id())
                .orElse("'" + id + "' is an id on no page"));
    }

    /** The policy was read and validated with the settings; a policy that is not valid stops doctor earlier. */
    public static Check policy(dev.pagerstatus.policy.Policy policy) {
        return Check.passed("policy", "valid (" + policy.source() + "), templates included");
    }

    /** On AWS: the parameters setup and the functions need, present and of the right types. */
    public static Check parameters(String prefix, Map<String, String> types) {
        String name = "ssm parameters " + prefix;
        List<String> problems = new ArrayList<>();
        types.forEach((parameter, type) -> {
            boolean secret = parameter.endsWith("/api-key")
                    || parameter.endsWith("/webhook-secret")
                    || parameter.endsWith("/note-key");
            if (secret && !type.equals("SecureString")) {
                problems.add(parameter + " is a " + type + ", not a SecureString");
            }
        });
        if (!types.containsKey(prefix + "/statuspage/page-id")) {
            problems.add(prefix + "/statuspage/page-id is missing");
        }
        if (types.keySet().stream()
                .noneMatch(
                        parameter -> parameter.endsWith("/api-key") && parameter.startsWith(prefix + "/accounts/"))) {
            problems.add("no " + prefix + "/accounts/<name>/api-key");
        }
        return problems.isEmpty()
                ? Check.passed(name, types.size() + " parameters, keys and secrets all SecureStrings")
                : Check.failed(
                        name, String.join("; ", problems), "put them again with --type SecureString (README, AWS)");
    }

    private static String upper(String account) {
        return account.toUpperCase(Locale.ROOT);
    }
}
