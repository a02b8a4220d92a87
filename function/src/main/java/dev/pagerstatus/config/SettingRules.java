package dev.pagerstatus.config;

import dev.pagerstatus.policy.IncidentTemplate;
import dev.pagerstatus.statuspage.ComponentStatus;
import dev.pagerstatus.support.Log;
import dev.pagerstatus.support.Secret;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The validation every configuration source shares (environment variables locally, SSM parameters on AWS).
 * Each rule gets the raw {@link Setting} so its error names the variable or parameter; none repeats the value,
 * because most of these values are secrets.
 */
public final class SettingRules {
    private static final Pattern PAGE_ID = Pattern.compile("[A-Za-z0-9]{1,64}");
    private static final Pattern ACCOUNT_NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,62}");
    /** Keys and secrets go into headers and HMAC keys: printable ASCII without spaces, nothing else. */
    private static final Pattern TOKEN = Pattern.compile("[\\x21-\\x7E]{1,512}");

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{[^}]*}}");
    private static final Set<String> LOOPBACK_HOSTS = Set.of("localhost", "127.0.0.1", "[::1]", "::1");

    /**
     * The optional settings, by their SSM names (under {@code <prefix>/settings/}); the environment spells them
     * {@code PAGERDUTY_API_URL}, {@code STATUSPAGE_API_URL} and {@code PAGERSTATUS_<NAME>}.
     */
    public static final List<String> OPTIONAL = List.of(
            "pagerduty-api-url",
            "statuspage-api-url",
            "component-status",
            "incident-name",
            "incident-body",
            "resolved-body",
            "notify-subscribers");

    private SettingRules() {}

    /** Everything but the page and the accounts, from whichever source {@code optional} reads. */
    public static Settings settings(
            String pageId,
            Secret statuspageKey,
            List<PagerDutyAccount> accounts,
            java.util.function.Function<String, Setting> optional) {
        IncidentTemplate template = new IncidentTemplate(
                publicText(
                        optional.apply("incident-name"),
                        IncidentTemplate.DEFAULT_NAME,
                        IncidentTemplate.MAX_NAME_LENGTH),
                publicText(
                        optional.apply("incident-body"),
                        IncidentTemplate.DEFAULT_BODY,
                        IncidentTemplate.MAX_BODY_LENGTH),
                publicText(
                        optional.apply("resolved-body"),
                        IncidentTemplate.DEFAULT_RESOLVED_BODY,
                        IncidentTemplate.MAX_BODY_LENGTH),
                outageStatus(optional.apply("component-status"), ComponentStatus.PARTIAL_OUTAGE),
                flag(optional.apply("notify-subscribers"), true));
        return new Settings(
                pageId,
                statuspageKey,
                accounts,
                apiUrl(optional.apply("pagerduty-api-url"), Settings.DEFAULT_PAGERDUTY_API_URL),
                apiUrl(optional.apply("statuspage-api-url"), Settings.DEFAULT_STATUSPAGE_API_URL),
                template);
    }

    public static String required(Setting setting) {
        if (setting.value() == null) {
            throw new ConfigException(setting.origin() + " is not set");
        }
        if (setting.value().isBlank()) {
            throw new ConfigException(setting.origin() + " is empty");
        }
        return setting.value().strip();
    }

    public static String pageId(Setting setting) {
        String value = required(setting);
        if (!PAGE_ID.matcher(value).matches()) {
            throw new ConfigException(
                    setting.origin() + " is not a Statuspage page id (letters and digits, as shown under API info)");
        }
        return value;
    }

    public static Secret apiKey(Setting setting) {
        String value = required(setting);
        if (!TOKEN.matcher(value).matches()) {
            throw new ConfigException(
                    setting.origin() + " is malformed: an API key is one word of printable characters without spaces");
        }
        return Secret.of(value);
    }

    /** Account names are lower-cased like the Python tool did; they become the webhook path. */
    public static String accountName(String rawName, String origin) {
        String name = rawName.toLowerCase(Locale.ROOT);
        if (!ACCOUNT_NAME.matcher(name).matches()) {
            throw new ConfigException(origin + " does not name an account: use letters, digits, '_' or '-'"
                    + " (it becomes the webhook path /<account>)");
        }
        return name;
    }

    /** One secret, or several separated by commas (one per webhook subscription, or old and new in a rotation). */
    public static List<Secret> webhookSecrets(Setting setting) {
        String value = required(setting);
        List<Secret> secrets = new ArrayList<>();
        for (String part : value.split(",", -1)) {
            String secret = part.strip();
            if (secret.isEmpty()) {
                throw new ConfigException(
                        setting.origin() + " has an empty entry; separate secrets with single commas");
            }
            if (!TOKEN.matcher(secret).matches()) {
                throw new ConfigException(setting.origin()
                        + " is malformed: a webhook secret is one word of printable characters without spaces");
            }
            secrets.add(Secret.of(secret));
        }
        return List.copyOf(secrets);
    }

    /**
     * An API base URL. Plain http is refused except on loopback, because the API key would cross the network
     * in clear text.
     */
    public static URI apiUrl(Setting setting, URI defaultUrl) {
        if (setting.value() == null || setting.value().isBlank()) {
            return defaultUrl;
        }
        URI uri;
        try {
            uri = new URI(setting.value().strip());
        } catch (URISyntaxException e) {
            throw new ConfigException(setting.origin() + " is not a URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!uri.isAbsolute() || uri.getHost() == null || !(scheme.equals("https") || scheme.equals("http"))) {
            throw new ConfigException(setting.origin() + " must be an absolute https URL, e.g. " + defaultUrl);
        }
        if (scheme.equals("http") && !LOOPBACK_HOSTS.contains(uri.getHost().toLowerCase(Locale.ROOT))) {
            throw new ConfigException(setting.origin() + " must use https (plain http is only allowed on loopback)");
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null || uri.getRawUserInfo() != null) {
            throw new ConfigException(setting.origin() + " must not carry a query, fragment or credentials");
        }
        String text = uri.toString();
        return URI.create(text.endsWith("/") ? text.substring(0, text.length() - 1) : text);
    }

    public static ComponentStatus outageStatus(Setting setting, ComponentStatus defaultStatus) {
        if (setting.value() == null || setting.value().isBlank()) {
            return defaultStatus;
        }
        String wanted = setting.value().strip();
        return ComponentStatus.fromWire(wanted)
                .filter(status -> status != ComponentStatus.OPERATIONAL)
                .orElseThrow(() -> new ConfigException(setting.origin() + " must be one of "
                        + Arrays.stream(ComponentStatus.values())
                                .filter(status -> status != ComponentStatus.OPERATIONAL)
                                .map(ComponentStatus::wireValue)
                                .collect(Collectors.joining(", "))));
    }

    /** Exactly {@code true} or {@code false}: a yes or a 1 could as well be a typo for either. */
    public static boolean flag(Setting setting, boolean defaultValue) {
        if (setting.value() == null || setting.value().isBlank()) {
            return defaultValue;
        }
        return switch (setting.value().strip()) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new ConfigException(setting.origin() + " must be true or false");
        };
    }

    /** A log level: {@code info}, {@code warn} or {@code error}. */
    public static Log.Level logLevel(Setting setting, Log.Level defaultLevel) {
        if (setting.value() == null || setting.value().isBlank()) {
            return defaultLevel;
        }
        return switch (setting.value().strip()) {
            case "info" -> Log.Level.INFO;
            case "warn" -> Log.Level.WARN;
            case "error" -> Log.Level.ERROR;
            default -> throw new ConfigException(setting.origin() + " must be info, warn or error");
        };
    }

    /** Public text: only the {{component_name}} placeholder is known, and the result must fit Statuspage. */
    public static String publicText(Setting setting, String defaultText, int maxLength) {
        if (setting.value() == null || setting.value().isBlank()) {
            return defaultText;
        }
        String text = setting.value().strip();
        Matcher placeholders = PLACEHOLDER.matcher(text);
        while (placeholders.find()) {
            if (!placeholders.group().equals(IncidentTemplate.COMPONENT_NAME)) {
                throw new ConfigException(setting.origin() + " uses the unknown placeholder " + placeholders.group()
                        + "; the only one is " + IncidentTemplate.COMPONENT_NAME);
            }
        }
        if (text.length() > maxLength) {
            throw new ConfigException(
                    setting.origin() + " is longer than Statuspage allows (" + maxLength + " characters)");
        }
        return text;
    }
}
