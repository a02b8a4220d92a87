package dev.pagerstatus.aws;

import dev.pagerstatus.config.ConfigException;
import dev.pagerstatus.config.PagerDutyAccount;
import dev.pagerstatus.config.Setting;
import dev.pagerstatus.config.SettingRules;
import dev.pagerstatus.config.Settings;
import dev.pagerstatus.config.StatuspagePage;
import dev.pagerstatus.support.Log;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The sync function's settings from Parameter Store: the pages and their keys, every account's API key and
 * note writer, and the optional settings. It never reads webhook secrets (the receiver's business). The same rules as the
 * environment apply; errors name the parameter ({@code SSM parameter /pagerstatus/statuspage/api-key is not set}).
 */
public final class SsmSettings implements Supplier<Settings> {
    private static final Pattern PAGE_KEY = Pattern.compile("/statuspage/([^/]+)/api-key");
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
        Set<String> pageKeys = new TreeSet<>();
        for (String name : names) {
            Matcher pageKey = PAGE_KEY.matcher(
                    name.substring(Math.min(name.length(), layout.prefix().length())));
            if (name.startsWith(layout.prefix() + "/") && pageKey.matches()) {
                pageKeys.add(pageKey.group(1));
                continue;
            }
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
        pageKeys.forEach(page -> wanted.add(layout.pageApiKey(page)));
        for (String account : accounts) {
            wanted.add(layout.accountApiKey(account));
            // Only what exists: an account without write-back has nothing here to ask for.
            List.of(layout.accountNoteKey(account), layout.accountNoteFrom(account)).stream()
                    .filter(names::contains)
                    .forEach(wanted::add);
        }
        settings.forEach(setting -> wanted.add(layout.setting(setting)));
        Map<String, String> values = store.values(wanted);

        // A StringList comes back as its values joined by commas, which is what a list of page ids is.
        List<String> pageIds = SettingRules.pageIds(setting(values, layout.pageId()));
        for (String page : pageKeys) {
            if (!pageIds.contains(page)) {
                throw new ConfigException(origin(layout.pageApiKey(page)) + " names no page of "
                        + origin(layout.pageId()) + " (" + String.join(", ", pageIds) + ")");
            }
        }
        List<StatuspagePage> pages = pageIds.stream()
                .map(page -> new StatuspagePage(
                        page,
                        SettingRules.apiKey(setting(
                                values,
                                pageKeys.contains(page) ? layout.pageApiKey(page) : layout.statuspageApiKey()))))
                .toList();
        List<PagerDutyAccount> configured = accounts.stream()
                .map(account -> new PagerDutyAccount(
                        account,
                        SettingRules.apiKey(setting(values, layout.accountApiKey(account))),
                        List.of(),
                        SettingRules.noteWriter(
                                setting(values, layout.accountNoteKey(account)),
                                setting(values, layout.accountNoteFrom(account)))))
                .toList();
        Settings loaded = SettingRules.settings(pages, configured, name -> setting(values, layout.setting(name)));
        Log.info(
                "config.loaded",
                "source",
                "ssm",
                "prefix",
                layout.prefix(),
                "pages",
                loaded.pageIds(),
                "accounts",
                loaded.accountNames());
        return loaded;
    }

    private static Setting setting(Map<String, String> values, String name) {
        return new Setting(origin(name), values.get(name));
    }

    static String origin(String name) {
        return "SSM parameter " + name;
    }
}
