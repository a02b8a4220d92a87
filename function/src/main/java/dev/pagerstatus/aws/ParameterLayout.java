package dev.pagerstatus.aws;

import dev.pagerstatus.config.ConfigException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where pagerstatus's configuration lives in SSM Parameter Store, under one prefix (default
 * {@value #DEFAULT_PREFIX}):
 * <pre>
 * /pagerstatus/statuspage/page-id                 String or StringList   one page id, or several
 * /pagerstatus/statuspage/api-key                 SecureString   the organisation's key, for every page
 * /pagerstatus/statuspage/api-key-expires         String         optional; when that key expires (setup)
 * /pagerstatus/statuspage/&lt;page id&gt;/api-key      SecureString   optional; this page's own key
 * /pagerstatus/accounts/&lt;name&gt;/api-key          SecureString   one per PagerDuty account
 * /pagerstatus/accounts/&lt;name&gt;/webhook-secret   SecureString   optional; several separated by commas
 * /pagerstatus/accounts/&lt;name&gt;/note-key         SecureString   optional; a key that may write notes
 * /pagerstatus/accounts/&lt;name&gt;/note-from        String         with note-key: the notes' PagerDuty user
 * /pagerstatus/settings/&lt;setting&gt;                String         optional public text and API URLs
 * </pre>
 * Accounts are found by listing the prefix, so adding one is adding parameters, without a redeploy.
 */
public record ParameterLayout(String prefix) {
    public static final String DEFAULT_PREFIX = "/pagerstatus";
    private static final Pattern ACCOUNT_PARAMETER =
            Pattern.compile("/accounts/([^/]+)/(api-key|webhook-secret|note-key|note-from)");

    private static final Pattern PREFIX = Pattern.compile("(/[A-Za-z0-9_.-]+)+");

    public ParameterLayout {
        if (!isPrefix(prefix)) {
            throw new ConfigException("an SSM prefix looks like /pagerstatus");
        }
    }

    public static boolean isPrefix(String prefix) {
        return PREFIX.matcher(prefix).matches();
    }

    public String pageId() {
        return prefix + "/statuspage/page-id";
    }

    public String statuspageApiKey() {
        return prefix + "/statuspage/api-key";
    }

    /** A page's own key, which overrides {@link #statuspageApiKey()} for that page. */
    public String pageApiKey(String pageId) {
        return prefix + "/statuspage/" + pageId + "/api-key";
    }

    public String accountApiKey(String account) {
        return prefix + "/accounts/" + account + "/api-key";
    }

    public String accountWebhookSecret(String account) {
        return prefix + "/accounts/" + account + "/webhook-secret";
    }

    /** When the Statuspage key expires, a date recorded by setup. */
    public String statuspageKeyExpires() {
        return prefix + "/statuspage/api-key-expires";
    }

    public String accountNoteKey(String account) {
        return prefix + "/accounts/" + account + "/note-key";
    }

    public String accountNoteFrom(String account) {
        return prefix + "/accounts/" + account + "/note-from";
    }

    public String setting(String name) {
        return prefix + "/settings/" + name;
    }

    /** The account a parameter name belongs to, if it is one of an account's parameters. */
    public Optional<AccountParameter> account(String parameterName) {
        if (!parameterName.startsWith(prefix + "/")) {
            return Optional.empty();
        }
        Matcher matcher = ACCOUNT_PARAMETER.matcher(parameterName.substring(prefix.length()));
        return matcher.matches()
                ? Optional.of(new AccountParameter(matcher.group(1), matcher.group(2)))
                : Optional.empty();
    }

    /** An account's parameter: whose, and which ({@code api-key}, {@code webhook-secret}, {@code note-key}...). */
    public record AccountParameter(String account, String kind) {
        public boolean apiKey() {
            return kind.equals("api-key");
        }

        public boolean webhookSecret() {
            return kind.equals("webhook-secret");
        }
    }
}
