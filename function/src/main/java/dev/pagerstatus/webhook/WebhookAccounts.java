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

    /**
     * The account as its configuration says now, asked when a delivery's signature matched none of the account's
     * secrets: setup may have just added a secret (a new subscription, a rotation), and a delivery signed with it
     * must not be refused while a cache still holds the old list. Implementations bound how often this reads.
     */
    default Optional<WebhookAccount> findAfterMismatch(String name) {
        return find(name);
    }

    /**
     * Accounts loaded by {@code loader}, loaded again on a signature mismatch at most once every
     * {@code minInterval}; a reload that fails keeps what was loaded, and says so.
     */
    static WebhookAccounts reloading(
            java.util.function.Supplier<WebhookAccounts> loader,
            java.time.Duration minInterval,
            java.time.InstantSource clock) {
        return new Reloading(loader, minInterval, clock);
    }

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

    /** See {@link #reloading}. */
    final class Reloading implements WebhookAccounts {
        private final java.util.function.Supplier<WebhookAccounts> loader;
        private final java.time.Duration minInterval;
        private final java.time.InstantSource clock;
        private WebhookAccounts current;
        private java.time.Instant loadedAt;

        private Reloading(
                java.util.function.Supplier<WebhookAccounts> loader,
                java.time.Duration minInterval,
                java.time.InstantSource clock) {
            this.loader = loader;
            this.minInterval = minInterval;
            this.clock = clock;
            this.current = loader.get();
            this.loadedAt = clock.instant();
        }

        @Override
        public synchronized Optional<WebhookAccount> find(String name) {
            return current.find(name);
        }

        @Override
        public synchronized List<String> names() {
            return current.names();
        }

        @Override
        public synchronized Optional<WebhookAccount> findAfterMismatch(String name) {
            java.time.Instant now = clock.instant();
            if (now.isBefore(loadedAt.plus(minInterval))) {
                return current.find(name);
            }
            loadedAt = now;
            try {
                current = loader.get();
            } catch (RuntimeException e) {
                dev.pagerstatus.support.Log.warn("webhook.secrets_reload_failed", "reason", e.getMessage());
            }
            return current.find(name);
        }
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
