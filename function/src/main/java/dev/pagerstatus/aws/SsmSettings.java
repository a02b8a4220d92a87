package dev.pagerstatus.aws;

import dev.pagerstatus.config.ConfigException;
import dev.pagerstatus.config.PagerDutyAccount;
import dev.pagerstatus.config.Setting;
import dev.pagerstatus.config.SettingRules;
import dev.pagerstatus.config.Settings;
import dev.pagerstatus.support.Log;
import dev.pagerstatus.support.Secret;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * The sync function's settings from Parameter Store: the page, its key, every account's API key and the
 * optional settings. It never reads webhook secrets (the receiver's business). The same rules as the
 * environment apply; errors name the parameter ({@code SSM parameter /pagerstatus/statuspage/api-key is not set}).
 */
public final class SsmSettings implements Supplier<Settings> {
    private final ParameterStore store;
    private final ParameterLayout layout;
    private final Refreshing<Settings> cache;

    public SsmSettings(ParameterStore store, ParameterLayout layout, Duration ttl, InstantSource clock) {
        this.store = store;
        this.layout = layout;
        this.cache = new Refreshing<>("settings", ttl, clock, this::load);
    }

    @Override
    public Settings get() {
        return cache.get();
    }

    private Settings load() {
        List<String> names = store.names(layout.prefix());
        Set<String> accounts = new TreeSet<>();
        Set<String> settings = new TreeSet<>();
        for (String name : names) {
            Optional<ParameterLayout.AccountParameter> account = layout.account(name);
            if (account.isPresent() && account.get().apiKey()) {
                accounts.add(SettingRules.accountName(account.get().account(), origin(name)));
            } else if (name.startsWith(layout.setting(""))) {
                String setting = name.substring(layout.setting("").length());
                if (!SettingRules.OPTIONAL.contains(setting)) {
                    throw new ConfigException(origin(name) + " is not a pagerstatus setting; the settings are "
                            + String.join(", ", SettingRules.OPTIONAL));
                }
                settings.add(setting);
            }
        }
        if (accounts.isEmpty()) {
            throw new ConfigException("no PagerDuty account is configured: put each account's REST API key in "
                    + layout.accountApiKey("<name>") + " (SSM SecureString)");
        }
        List<String> wanted = new ArrayList<>(List.of(layout.pageId(), layout.statuspageApiKey()));
        accounts.forEach(account -> wanted.add(layout.accountApiKey(account)));
        settings.forEach(setting -> wanted.add(layout.setting(setting)));
        Map<String, String> values = store.values(wanted);

        String pageId = SettingRules.pageId(setting(values, layout.pageId()));
        Secret statuspageKey = SettingRules.apiKey(setting(values, layout.statuspageApiKey()));
        List<PagerDutyAccount> configured = accounts.stream()
                .map(account -> new PagerDutyAccount(
                        account, SettingRules.apiKey(setting(values, layout.accountApiKey(account))), List.of()))
                .toList();
        Settings loaded =
                SettingRules.settings(pageId, statuspageKey, configured, name -> setting(values, layout.setting(name)));
        Log.info("config.loaded", "source", "ssm", "prefix", layout.prefix(), "accounts", loaded.accountNames());
        return loaded;
    }

    private static Setting setting(Map<String, String> values, String name) {
        return new Setting(origin(name), values.get(name));
    }

    static String origin(String name) {
        return "SSM parameter " + name;
    }
}
