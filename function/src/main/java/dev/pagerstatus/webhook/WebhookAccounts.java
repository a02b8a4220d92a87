package dev.pagerstatus.webhook;

import dev.pagerstatus.config.ConfigException;
import dev.pagerstatus.config.Settings;
import java.util.List;
import java.util.Optional;

/**
 * The accounts webhooks may arrive for. Locally they come from the settings; on AWS from Parameter Store,
 * where a lookup may fail with {@link dev.pagerstatus.config.ConfigUnavailableException}.
 */
public interface WebhookAccounts {
    /** The account a path names, compared case-insensitively. */
    Optional<WebhookAccount> find(String name);

    List<String> names();

    static WebhookAccounts of(Settings settings) {
        return of(settings.accounts().stream()
                .map(account -> new WebhookAccount(account.name(), account.webhookSecrets()))
                .toList());
    }

    /** Accounts that cannot be known: every lookup fails with {@code problem}, so every request is answered 503. */
    static WebhookAccounts misconfigured(String problem) {
        return new WebhookAccounts() {
            @Override
            public Optional<WebhookAccount> find(String name) {
                throw new ConfigException(problem);
            }

            @Override
            public List<String> names() {
                throw new ConfigException(problem);
            }
        };
    }

    static WebhookAccounts of(List<WebhookAccount> fixed) {
        List<WebhookAccount> accounts = List.copyOf(fixed);
        return new WebhookAccounts() {
            @Override
            public Optional<WebhookAccount> find(String name) {
                return accounts.stream()
                        .filter(account -> account.name().equalsIgnoreCase(name))
                        .findFirst();
            }

            @Override
            public List<String> names() {
                return accounts.stream().map(WebhookAccount::name).toList();
            }
        };
    }
}
