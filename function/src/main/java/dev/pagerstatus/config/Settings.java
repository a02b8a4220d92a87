package dev.pagerstatus.config;

import dev.pagerstatus.policy.Policy;
import dev.pagerstatus.support.Secret;
import java.net.URI;
import java.util.List;
import java.util.Optional;

/**
 * Everything one pagerstatus deployment needs: the status pages it keeps (each with its key; pages that share
 * a key share its request budget), the PagerDuty accounts that feed them, and the policy.
 */
public record Settings(
        List<StatuspagePage> pages,
        List<PagerDutyAccount> accounts,
        URI pagerDutyApiUrl,
        URI statuspageApiUrl,
        Policy policy) {

    public static final URI DEFAULT_PAGERDUTY_API_URL = URI.create("https://api.pagerduty.com");
    public static final URI DEFAULT_STATUSPAGE_API_URL = URI.create("https://api.statuspage.io/v1");

    public Settings {
        pages = List.copyOf(pages);
        accounts = List.copyOf(accounts);
    }

    /** One page, one key: the common case. */
    public Settings(
            String pageId,
            Secret statuspageKey,
            List<PagerDutyAccount> accounts,
            URI pagerDutyApiUrl,
            URI statuspageApiUrl,
            Policy policy) {
        this(List.of(new StatuspagePage(pageId, statuspageKey)), accounts, pagerDutyApiUrl, statuspageApiUrl, policy);
    }

    public List<String> pageIds() {
        return pages.stream().map(StatuspagePage::id).toList();
    }

    /** The account a webhook path names; names are case-insensitive like the Python tool's. */
    public Optional<PagerDutyAccount> account(String name) {
        return accounts.stream()
                .filter(account -> account.name().equalsIgnoreCase(name))
                .findFirst();
    }

    public List<String> accountNames() {
        return accounts.stream().map(PagerDutyAccount::name).toList();
    }
}
