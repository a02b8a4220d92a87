package dev.pagerstatus.config;

import dev.pagerstatus.policy.Policy;
import dev.pagerstatus.support.Secret;
import java.net.URI;
import java.util.List;
import java.util.Optional;

/** Everything one pagerstatus deployment needs: one status page, the PagerDuty accounts that feed it. */
public record Settings(
        String statuspagePageId,
        Secret statuspageApiKey,
        List<PagerDutyAccount> accounts,
        URI pagerDutyApiUrl,
        URI statuspageApiUrl,
        Policy policy) {

    public static final URI DEFAULT_PAGERDUTY_API_URL = URI.create("https://api.pagerduty.com");
    public static final URI DEFAULT_STATUSPAGE_API_URL = URI.create("https://api.statuspage.io/v1");

    public Settings {
        accounts = List.copyOf(accounts);
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
