package dev.pagerstatus.config;

import dev.pagerstatus.policy.ComponentOverride;
import dev.pagerstatus.policy.Policy;
import dev.pagerstatus.policy.Severity;
import dev.pagerstatus.policy.UpdateKind;
import dev.pagerstatus.statuspage.ComponentStatus;
import dev.pagerstatus.support.Log;
import dev.pagerstatus.support.Secret;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
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

    private static final Pattern EMAIL = Pattern.compile("[^@\\s,]+@[^@\\s,]+\\.[^@\\s,]+");
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
            "notify-subscribers",
            "policy");

    private SettingRules() {}

    /** Everything but the pages and the accounts, from whichever source {@code optional} reads. */
    public static Settings settings(
            List<StatuspagePage> pages,
            List<PagerDutyAccount> accounts,
            java.util.function.Function<String, Setting> optional) {
        return new Settings(
                pages,
                accounts,
                apiUrl(optional.apply("pagerduty-api-url"), Settings.DEFAULT_PAGERDUTY_API_URL),
                apiUrl(optional.apply("statuspage-api-url"), Settings.DEFAULT_STATUSPAGE_API_URL),
                policy(optional));
    }

    /**
     * The policy document ({@code policy}, its text), with the older single settings as shorthands for the keys
     * they always meant: {@code component-status} for {@code severity.default}, {@code incident-name} and
     * {@code incident-body} for {@code templates.open}, {@code resolved-body} for {@code templates.resolved.body}
     * and {@code notify-subscribers} for every {@code notify} switch.
     */
    public static Policy policy(java.util.function.Function<String, Setting> optional) {
        Map<UpdateKind, String> bodies = new EnumMap<>(UpdateKind.class);
        Map<UpdateKind, Boolean> notify = new EnumMap<>(UpdateKind.class);
        Map<String, String> origins = new LinkedHashMap<>();
        Setting status = optional.apply("component-status");
        Severity defaultSeverity = null;
        if (isSet(status)) {
            defaultSeverity = Severity.of(outageStatus(status, ComponentStatus.PARTIAL_OUTAGE))
                    .orElseThrow();
            origins.put("severity.default", status.origin());
        }
        Setting name = optional.apply("incident-name");
        String openName = null;
        if (isSet(name)) {
            openName = template(name, UpdateKind.OPEN, true);
            origins.put("templates.open.name", name.origin());
        }
        Setting body = optional.apply("incident-body");
        if (isSet(body)) {
            bodies.put(UpdateKind.OPEN, template(body, UpdateKind.OPEN, false));
            origins.put("templates.open.body", body.origin());
        }
        Setting resolved = optional.apply("resolved-body");
        if (isSet(resolved)) {
            bodies.put(UpdateKind.RESOLVED, template(resolved, UpdateKind.RESOLVED, false));
            origins.put("templates.resolved.body", resolved.origin());
        }
        Setting subscribers = optional.apply("notify-subscribers");
        if (isSet(subscribers)) {
            boolean all = flag(subscribers, true);
            for (UpdateKind kind : UpdateKind.values()) {
                notify.put(kind, all);
            }
            origins.put("notify", subscribers.origin());
        }
        ComponentOverride shorthands =
                new ComponentOverride(defaultSeverity, null, null, null, openName, bodies, notify);
        Setting document = optional.apply("policy");
        return PolicyParser.parse(
                document.value() == null ? "" : document.value(), document.origin(), shorthands, origins);
    }

    private static boolean isSet(Setting setting) {
        return setting.value() != null && !setting.value().isBlank();
    }

    private static String template(Setting setting, UpdateKind kind, boolean name) {
        String text = setting.value().strip();
        PolicyParser.checkTemplate(text, kind, name, setting.origin());
        return text;
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

    /** One page id, or several separated by commas; each once. */
    public static List<String> pageIds(Setting setting) {
        String value = required(setting);
        List<String> ids = new ArrayList<>();
        for (String part : value.split(",", -1)) {
            String id = part.strip();
            if (id.isEmpty()) {
                throw new ConfigException(
                        setting.origin() + " has an empty entry; separate page ids with single commas");
            }
            if (!PAGE_ID.matcher(id).matches()) {
                throw new ConfigException(setting.origin()
                        + " is not a Statuspage page id (letters and digits, as shown under API info)");
            }
            if (ids.contains(id)) {
                throw new ConfigException(setting.origin() + " names page " + id + " twice");
            }
            ids.add(id);
        }
        return List.copyOf(ids);
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

    /**
     * The note writer of an account: its key and {@code From} e-mail, both or neither. The two settings are
     * named in errors, never their values.
     */
    public static Optional<PagerDutyAccount.NoteWriter> noteWriter(Setting key, Setting from) {
        boolean hasKey = key.value() != null && !key.value().isBlank();
        boolean hasFrom = from.value() != null && !from.value().isBlank();
        if (!hasKey && !hasFrom) {
            return Optional.empty();
        }
        if (!hasKey || !hasFrom) {
            throw new ConfigException((hasKey ? from : key).origin() + " is not set; notes need both "
                    + key.origin().replaceFirst(".* ", "") + " and "
                    + from.origin().replaceFirst(".* ", ""));
        }
        String email = from.value().strip();
        if (!EMAIL.matcher(email).matches()) {
            throw new ConfigException(from.origin()
                    + " must be the e-mail address of a PagerDuty user, which account keys need in the From header");
        }
        if (!StandardCharsets.US_ASCII.newEncoder().canEncode(email)) {
            // An HTTP header carries ASCII; anything else arrives mangled and PagerDuty refuses the note.
            throw new ConfigException(from.origin() + " must be plain ASCII, as an HTTP header carries it;"
                    + " give the PagerDuty user's address in that form (its punycode domain, if it has one)");
        }
        return Optional.of(new PagerDutyAccount.NoteWriter(apiKey(key), email));
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
}
