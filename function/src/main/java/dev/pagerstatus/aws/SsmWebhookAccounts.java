package dev.pagerstatus.aws;

import dev.pagerstatus.config.Setting;
import dev.pagerstatus.config.SettingRules;
import dev.pagerstatus.support.Secret;
import dev.pagerstatus.webhook.WebhookAccount;
import dev.pagerstatus.webhook.WebhookAccounts;
import dev.pagerstatus.webhook.WebhookReceiver;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The receiver's view of Parameter Store: which accounts exist (an {@code api-key} parameter's name, listed
 * but never read) and their webhook secrets. The receiver's role may read nothing else.
 */
public final class SsmWebhookAccounts implements WebhookAccounts {
    static final Duration RELOAD_AFTER_MISMATCH = Duration.ofSeconds(10);

    private final ParameterStore store;
    private final ParameterLayout layout;
    private final Refreshing<Map<String, WebhookAccount>> cache;
    private Set<String> lastUnsigned = Set.of();

    public SsmWebhookAccounts(ParameterStore store, ParameterLayout layout, Duration ttl, InstantSource clock) {
        this.store = store;
        this.layout = layout;
        this.cache = new Refreshing<>("webhook accounts", ttl, clock, this::load);
    }

    @Override
    public Optional<WebhookAccount> find(String name) {
        return Optional.ofNullable(cache.get().get(name.toLowerCase(java.util.Locale.ROOT)));
    }

    /** On a mismatch, Parameter Store is read again, at most once every {@link #RELOAD_AFTER_MISMATCH}. */
    @Override
    public Optional<WebhookAccount> findAfterMismatch(String name) {
        return Optional.ofNullable(
                cache.getNoOlderThan(RELOAD_AFTER_MISMATCH).get(name.toLowerCase(java.util.Locale.ROOT)));
    }

    @Override
    public List<String> names() {
        return List.copyOf(cache.get().keySet());
    }

    private Map<String, WebhookAccount> load() {
        Set<String> accounts = new TreeSet<>();
        Map<String, String> secretParameters = new TreeMap<>();
        for (String name : store.names(layout.prefix() + "/accounts")) {
            layout.account(name).ifPresent(parameter -> {
                String account = SettingRules.accountName(parameter.account(), SsmSettings.origin(name));
                if (parameter.apiKey()) {
                    accounts.add(account);
                } else if (parameter.webhookSecret()) {
                    secretParameters.put(account, name);
                }
            });
        }
        secretParameters.keySet().retainAll(accounts);
        Map<String, String> values = store.values(new ArrayList<>(secretParameters.values()));
        Map<String, WebhookAccount> loaded = new TreeMap<>();
        for (String account : accounts) {
            String parameter = secretParameters.get(account);
            List<Secret> secrets = parameter == null
                    ? List.of()
                    : SettingRules.webhookSecrets(new Setting(SsmSettings.origin(parameter), values.get(parameter)));
            loaded.put(account, new WebhookAccount(account, secrets));
        }
        Set<String> unsigned = new TreeSet<>();
        loaded.values().stream()
                .filter(account -> !account.requiresSignature())
                .forEach(account -> unsigned.add(account.name()));
        if (!unsigned.equals(lastUnsigned)) {
            WebhookReceiver.warnAboutUnsignedAccounts(loaded.values());
            lastUnsigned = unsigned;
        }
        return loaded;
    }
}
