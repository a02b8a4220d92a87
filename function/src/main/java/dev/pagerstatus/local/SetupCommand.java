package dev.pagerstatus.local;

import dev.pagerstatus.aws.ParameterLayout;
import dev.pagerstatus.aws.SsmSecretStore;
import dev.pagerstatus.config.ConfigException;
import dev.pagerstatus.config.EnvFile;
import dev.pagerstatus.config.EnvironmentSettings;
import dev.pagerstatus.config.Settings;
import dev.pagerstatus.pagerduty.WebhookSubscription;
import dev.pagerstatus.setup.EnvFileSecretStore;
import dev.pagerstatus.setup.KeyExpiry;
import dev.pagerstatus.setup.SecretStore;
import dev.pagerstatus.setup.Setup;
import dev.pagerstatus.sync.ApiClients;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@code setup}'s command line: parses the options, picks where secrets go, and hands over to {@link Setup}. */
final class SetupCommand {
    /** The parsed command line; {@code ssmPrefix} empty: secrets go to the env file. */
    record Parsed(Setup.Options options, Optional<String> ssmPrefix, Optional<String> kmsKey) {}

    private SetupCommand() {}

    /** {@code env} with the env file's values, {@code given} without: the store must tell them apart. */
    static int run(
            Parsed parsed, Map<String, String> env, Map<String, String> given, PrintStream out, PrintStream err) {
        SecretStore store;
        Settings settings;
        if (parsed.ssmPrefix().isPresent()) {
            SsmSecretStore ssm = SsmSecretStore.create(parsed.ssmPrefix().get(), parsed.kmsKey());
            store = ssm;
            settings = ssm.settings();
        } else {
            store = new EnvFileSecretStore(envFile(parsed, env), given);
            settings = EnvironmentSettings.load(env);
        }
        try (ApiClients clients = ApiClients.create(settings)) {
            return new Setup(clients, store, out, err).run(parsed.options(), settings, env);
        }
    }

    /** Where local secrets go; with {@code --apply} the file must be named, since a secret must go somewhere. */
    private static Optional<Path> envFile(Parsed parsed, Map<String, String> env) {
        String named = env.get(EnvFile.VARIABLE);
        if (named == null || named.isBlank()) {
            if (parsed.options().apply()) {
                throw new ConfigException("setup --apply stores each new webhook secret before anything else: set "
                        + EnvFile.VARIABLE + " to a file (it is created, mode 0600), or use --ssm-prefix on AWS");
            }
            return Optional.empty();
        }
        return Optional.of(Path.of(named.strip()));
    }

    static Parsed parse(Main.Command command, List<String> options) {
        URI base = null;
        WebhookSubscription.Scope scope = WebhookSubscription.Scope.ACCOUNT;
        Map<String, WebhookSubscription.Scope> accountScopes = new java.util.TreeMap<>();
        boolean apply = false;
        boolean rotate = false;
        Optional<String> prefix = Optional.empty();
        Optional<String> kms = Optional.empty();
        Optional<java.time.LocalDate> expires = Optional.empty();
        for (int i = 0; i < options.size(); i++) {
            String option = options.get(i);
            switch (option) {
                case "--apply" -> apply = true;
                case "--rotate" -> rotate = true;
                case "--url" -> base = baseUrl(command, value(command, options, i++));
                case "--scope" -> {
                    String value = value(command, options, i++);
                    int equals = value.indexOf('=');
                    if (equals < 0) {
                        scope = scope(command, value);
                    } else {
                        accountScopes.put(
                                value.substring(0, equals).toLowerCase(java.util.Locale.ROOT),
                                scope(command, value.substring(equals + 1)));
                    }
                }
                case "--ssm-prefix" -> prefix = Optional.of(prefix(command, value(command, options, i++)));
                case "--kms-key" -> kms = Optional.of(value(command, options, i++));
                case "--statuspage-key-expires" -> expires = Optional.of(expiry(command, value(command, options, i++)));
                default -> throw new Main.UsageException(command, "unknown option '" + option + "' for setup");
            }
        }
        if (base == null) {
            throw new Main.UsageException(
                    command, "setup needs --url, the receiver's base URL (serve's, or the stack's WebhookUrl)");
        }
        if (kms.isPresent() && prefix.isEmpty()) {
            throw new Main.UsageException(command, "--kms-key encrypts SSM parameters: use it with --ssm-prefix");
        }
        return new Parsed(new Setup.Options(base, scope, accountScopes, apply, rotate, expires), prefix, kms);
    }

    static String value(Main.Command command, List<String> options, int at) {
        if (at + 1 >= options.size()) {
            throw new Main.UsageException(command, options.get(at) + " needs a value");
        }
        return options.get(at + 1);
    }

    static URI baseUrl(Main.Command command, String text) {
        String trimmed = text.strip().replaceAll("/+$", "");
        try {
            URI uri = new URI(trimmed);
            if ((uri.getScheme() != null && uri.getScheme().matches("https?"))
                    && uri.getHost() != null
                    && uri.getRawQuery() == null
                    && uri.getRawFragment() == null) {
                return uri;
            }
        } catch (java.net.URISyntaxException e) {
            // reported below
        }
        throw new Main.UsageException(
                command,
                "--url must be an http(s) URL without query, like https://abc.execute-api.eu-west-1.amazonaws.com");
    }

    private static WebhookSubscription.Scope scope(Main.Command command, String text) {
        if (text.equals("account")) {
            return WebhookSubscription.Scope.ACCOUNT;
        }
        String[] parts = text.split(":", 2);
        if (parts.length == 2
                && parts[1].matches("P[A-Z0-9]{5,13}")
                && List.of("service", "team").contains(parts[0])) {
            WebhookSubscription.Scope.Kind kind = parts[0].equals("service")
                    ? WebhookSubscription.Scope.Kind.SERVICE
                    : WebhookSubscription.Scope.Kind.TEAM;
            return new WebhookSubscription.Scope(kind, parts[1]);
        }
        throw new Main.UsageException(
                command,
                "--scope is account, service:<service id> or team:<team id> (ids look like PABC123), for every"
                        + " account or, as <account>=service:<id>, for one");
    }

    static String prefix(Main.Command command, String text) {
        if (!ParameterLayout.isPrefix(text)) {
            throw new Main.UsageException(command, "--ssm-prefix looks like /pagerstatus");
        }
        return text;
    }

    private static java.time.LocalDate expiry(Main.Command command, String text) {
        try {
            return KeyExpiry.parse(text);
        } catch (ConfigException e) {
            throw new Main.UsageException(
                    command, "--statuspage-key-expires " + e.getMessage().replace("the Statuspage key's expiry ", ""));
        }
    }
}
