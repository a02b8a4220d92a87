package dev.pagerstatus.config;

import dev.pagerstatus.support.Log;
import dev.pagerstatus.support.Secret;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Settings from environment variables, named as the Python pagerstatus named them so its users can move over
 * without renaming anything ({@code STATUSPAGE_PAGE}, {@code STATUSPAGE_KEY}, {@code PD_ACCOUNT_<NAME>}).
 */
public final class EnvironmentSettings {
    public static final String STATUSPAGE_PAGE = "STATUSPAGE_PAGE";
    public static final String STATUSPAGE_KEY = "STATUSPAGE_KEY";
    public static final String ACCOUNT_PREFIX = "PD_ACCOUNT_";
    public static final String WEBHOOK_SECRET_PREFIX = "PD_WEBHOOK_SECRET_";
    public static final String NOTE_KEY_PREFIX = "PD_NOTE_KEY_";
    public static final String NOTE_FROM_PREFIX = "PD_NOTE_FROM_";
    public static final String PAGE_KEY_PREFIX = "STATUSPAGE_KEY_";
    public static final String PAGERDUTY_API_URL = "PAGERDUTY_API_URL";
    public static final String STATUSPAGE_API_URL = "STATUSPAGE_API_URL";
    public static final String COMPONENT_STATUS = "PAGERSTATUS_COMPONENT_STATUS";
    public static final String INCIDENT_NAME = "PAGERSTATUS_INCIDENT_NAME";
    public static final String INCIDENT_BODY = "PAGERSTATUS_INCIDENT_BODY";
    public static final String RESOLVED_BODY = "PAGERSTATUS_RESOLVED_BODY";
    public static final String NOTIFY_SUBSCRIBERS = "PAGERSTATUS_NOTIFY_SUBSCRIBERS";
    public static final String LOG_LEVEL = "PAGERSTATUS_LOG_LEVEL";
    /** When the Statuspage key expires (a date, 2027-03-01), as recorded by setup; doctor warns ahead. */
    public static final String STATUSPAGE_KEY_EXPIRES = "STATUSPAGE_KEY_EXPIRES";
    /** A key that may manage webhook subscriptions, read by setup only. */
    public static final String ADMIN_KEY_PREFIX = "PD_ADMIN_KEY_";
    /** The path of the policy file (YAML). */
    public static final String POLICY = "PAGERSTATUS_POLICY";

    private static final String OWN_PREFIX = "PAGERSTATUS_";

    private EnvironmentSettings() {}

    /** The environment's name for each of {@link SettingRules#OPTIONAL}. */
    private static final Map<String, String> OPTIONAL = Map.of(
            "pagerduty-api-url", PAGERDUTY_API_URL,
            "statuspage-api-url", STATUSPAGE_API_URL,
            "component-status", COMPONENT_STATUS,
            "incident-name", INCIDENT_NAME,
            "incident-body", INCIDENT_BODY,
            "resolved-body", RESOLVED_BODY,
            "notify-subscribers", NOTIFY_SUBSCRIBERS,
            "policy", POLICY);

    public static Settings load(Map<String, String> env) {
        rejectUnknownSettings(env);
        List<StatuspagePage> pages = pages(env);
        List<PagerDutyAccount> accounts = accounts(env);
        return SettingRules.settings(
                pages, accounts, name -> name.equals("policy") ? policyFile(env) : setting(env, OPTIONAL.get(name)));
    }

    /**
     * {@code STATUSPAGE_PAGE} (one id, or several separated by commas), each with {@code STATUSPAGE_KEY_<PAGEID>}
     * if set, else {@code STATUSPAGE_KEY}: Statuspage keys belong to the organisation, so one usually serves all.
     */
    private static List<StatuspagePage> pages(Map<String, String> env) {
        List<String> ids = SettingRules.pageIds(setting(env, STATUSPAGE_PAGE));
        Map<String, String> overrides = new TreeMap<>();
        for (String variable : env.keySet()) {
            if (variable.startsWith(PAGE_KEY_PREFIX) && !variable.equals(STATUSPAGE_KEY_EXPIRES)) {
                String page = variable.substring(PAGE_KEY_PREFIX.length());
                String match = ids.stream()
                        .filter(id -> id.equalsIgnoreCase(page))
                        .findFirst()
                        .orElseThrow(() -> new ConfigException("environment variable " + variable + " names no page of "
                                + STATUSPAGE_PAGE + " (" + String.join(", ", ids) + ")"));
                overrides.put(match, variable);
            }
        }
        List<StatuspagePage> pages = new ArrayList<>();
        for (String id : ids) {
            String variable = overrides.getOrDefault(id, STATUSPAGE_KEY);
            if (!overrides.containsKey(id) && env.get(STATUSPAGE_KEY) == null && ids.size() > 1) {
                throw new ConfigException("environment variable " + STATUSPAGE_KEY + " is not set, and page " + id
                        + " has no " + PAGE_KEY_PREFIX + id.toUpperCase(java.util.Locale.ROOT) + " either");
            }
            pages.add(new StatuspagePage(id, SettingRules.apiKey(setting(env, variable))));
        }
        return List.copyOf(pages);
    }

    /** The policy document that {@code PAGERSTATUS_POLICY} names, its errors naming the file. */
    static Setting policyFile(Map<String, String> env) {
        String path = env.get(POLICY);
        if (path == null || path.isBlank()) {
            return setting(env, POLICY);
        }
        Path file = Path.of(path.strip());
        try {
            if (Files.exists(file) && !Files.isRegularFile(file)) {
                // A pipe would block for ever and a device such as /dev/zero never ends.
                throw new ConfigException("environment variable " + POLICY + " names " + path.strip()
                        + ", which is not a regular file; name the policy file itself");
            }
            if (Files.size(file) > 64 * 1024) {
                throw new ConfigException("environment variable " + POLICY + " names " + path.strip()
                        + ", which is larger than 64 KB; a policy is a page or two");
            }
            return new Setting("policy file " + path.strip(), Files.readString(file));
        } catch (NoSuchFileException e) {
            throw new ConfigException(
                    "environment variable " + POLICY + " names " + path.strip() + ", which does not exist");
        } catch (IOException | UncheckedIOException e) {
            throw new ConfigException("environment variable " + POLICY + " names " + path.strip()
                    + ", which cannot be read (" + e.getClass().getSimpleName() + ")");
        }
    }

    /** {@code PAGERSTATUS_LOG_LEVEL}: {@code info}, {@code warn} or {@code error}; unset means {@code fallback}. */
    public static Log.Level logLevel(Map<String, String> env, Log.Level fallback) {
        return SettingRules.logLevel(setting(env, LOG_LEVEL), fallback);
    }

    /** A misspelt setting would otherwise be ignored without a word, and its default used instead. */
    private static void rejectUnknownSettings(Map<String, String> env) {
        Set<String> known = new TreeSet<>(OPTIONAL.values());
        known.add(LOG_LEVEL);
        known.add(EnvFile.VARIABLE);
        for (String variable : new TreeSet<>(env.keySet())) {
            if (variable.startsWith(OWN_PREFIX) && !known.contains(variable)) {
                throw new ConfigException(
                        "environment variable " + variable + " is not a pagerstatus setting; the" + " settings are "
                                + String.join(
                                        ", ",
                                        known.stream()
                                                .filter(name -> name.startsWith(OWN_PREFIX))
                                                .toList()));
            }
        }
    }

    private static List<PagerDutyAccount> accounts(Map<String, String> env) {
        Map<String, String> keyVariables = new TreeMap<>();
        Map<String, String> secretVariables = new TreeMap<>();
        Map<String, String> noteKeyVariables = new TreeMap<>();
        Map<String, String> noteFromVariables = new TreeMap<>();
        for (String variable : env.keySet()) {
            if (variable.startsWith(NOTE_KEY_PREFIX) || variable.startsWith(NOTE_FROM_PREFIX)) {
                boolean key = variable.startsWith(NOTE_KEY_PREFIX);
                String name = SettingRules.accountName(
                        variable.substring((key ? NOTE_KEY_PREFIX : NOTE_FROM_PREFIX).length()),
                        "environment variable " + variable);
                (key ? noteKeyVariables : noteFromVariables).put(name, variable);
                continue;
            }
            if (variable.startsWith(ACCOUNT_PREFIX)) {
                String name = SettingRules.accountName(
                        variable.substring(ACCOUNT_PREFIX.length()), "environment variable " + variable);
                String previous = keyVariables.put(name, variable);
                if (previous != null) {
                    throw new ConfigException("environment variables " + previous + " and " + variable
                            + " both configure PagerDuty account '" + name + "'");
                }
            } else if (variable.startsWith(WEBHOOK_SECRET_PREFIX)) {
                String name = SettingRules.accountName(
                        variable.substring(WEBHOOK_SECRET_PREFIX.length()), "environment variable " + variable);
                secretVariables.put(name, variable);
            }
        }
        if (keyVariables.isEmpty()) {
            throw new ConfigException("no PagerDuty account is configured: set " + ACCOUNT_PREFIX
                    + "<NAME> to a PagerDuty REST API key (read-only is enough)");
        }
        for (Map<String, String> variables : List.of(secretVariables, noteKeyVariables, noteFromVariables)) {
            for (var variable : variables.entrySet()) {
                if (!keyVariables.containsKey(variable.getKey())) {
                    throw new ConfigException("environment variable " + variable.getValue() + " has no matching "
                            + ACCOUNT_PREFIX + variable.getKey().toUpperCase(java.util.Locale.ROOT));
                }
            }
        }
        List<PagerDutyAccount> accounts = new ArrayList<>();
        for (var account : keyVariables.entrySet()) {
            Secret apiKey = SettingRules.apiKey(setting(env, account.getValue()));
            String secretVariable = secretVariables.get(account.getKey());
            List<Secret> webhookSecrets =
                    secretVariable == null ? List.of() : SettingRules.webhookSecrets(setting(env, secretVariable));
            accounts.add(new PagerDutyAccount(
                    account.getKey(),
                    apiKey,
                    webhookSecrets,
                    SettingRules.noteWriter(
                            setting(
                                    env,
                                    noteKeyVariables.getOrDefault(
                                            account.getKey(),
                                            NOTE_KEY_PREFIX + account.getKey().toUpperCase(java.util.Locale.ROOT))),
                            setting(
                                    env,
                                    noteFromVariables.getOrDefault(
                                            account.getKey(),
                                            NOTE_FROM_PREFIX + account.getKey().toUpperCase(java.util.Locale.ROOT))))));
        }
        return accounts;
    }

    private static Setting setting(Map<String, String> env, String variable) {
        return new Setting("environment variable " + variable, env.get(variable));
    }
}
