package dev.pagerstatus.local;

import dev.pagerstatus.config.ConfigException;
import dev.pagerstatus.config.ConfigUnavailableException;
import dev.pagerstatus.config.EnvFile;
import dev.pagerstatus.config.EnvironmentSettings;
import dev.pagerstatus.config.Settings;
import dev.pagerstatus.support.Fatal;
import dev.pagerstatus.support.Json;
import dev.pagerstatus.support.Log;
import dev.pagerstatus.support.Version;
import dev.pagerstatus.sync.ApiClients;
import dev.pagerstatus.sync.SyncReport;
import dev.pagerstatus.webhook.WebhookAccounts;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The command line: {@code plan}, {@code sync}, {@code serve} and {@code demo}. Exit status 0 is success,
 * 1 a pass that failed (a read or a write), 2 a usage or configuration error, and {@value Fatal#EXIT_STATUS} a
 * fatal error of pagerstatus itself.
 */
public final class Main {
    static final int OK = 0;
    static final int FAILED = 1;
    static final int USAGE = 2;

    private static final String CONFIGURATION = """
            Configuration comes from the environment: STATUSPAGE_PAGE, STATUSPAGE_KEY and one PD_ACCOUNT_<NAME> per
            PagerDuty account; optionally PD_WEBHOOK_SECRET_<NAME>, PAGERDUTY_API_URL, STATUSPAGE_API_URL and the
            PAGERSTATUS_* settings (docs/configuration.md). PAGERSTATUS_ENV_FILE names a file of NAME=value
            lines (mode 0600) read for any variable the environment does not set.
            """;

    /** Each command, with the help that {@code pagerstatus <command> --help} prints. */
    enum Command {
        PLAN("plan", "plan [--json]", """
                Reads every PagerDuty account and the status page and prints what a sync would open, update and
                resolve, and why. Writes nothing.

                  --json    the same facts as JSON, for scripts
                """),
        SYNC("sync", "sync [--json]", """
                Runs one reconcile pass: reads everything, then opens, updates and resolves notices.
                Exit status 0 when every read and write succeeded, 1 otherwise (after a failed read nothing is written).

                  --json    print the pass's report as JSON
                """),
        SERVE("serve", "serve [--port 8080] [--host 0.0.0.0] [--interval 300]", """
                Receives PagerDuty webhooks on POST /<account> and runs a pass after them, one at a time, plus one
                at start and every --interval seconds so that drift heals. GET / answers a health document.

                  --port N        the port to listen on (default 8080)
                  --host ADDRESS  the address to listen on (default 0.0.0.0, every interface)
                  --interval S    seconds between scheduled passes (default 300; 0: only after webhooks)
                """),
        DEMO("demo", "demo [--port 8080] [--host 127.0.0.1] [--interval 300]", """
                Runs serve against built-in stand-ins of PagerDuty and Statuspage on the same port, seeded from
                samples/demo. Open http://localhost:8080/demo. Needs no account and no configuration.

                  --port N        the port to listen on (default 8080)
                  --host ADDRESS  the address to listen on (default 127.0.0.1, this machine only)
                  --interval S    seconds between scheduled passes (default 300; 0: only after webhooks)
                """),
        SETUP(
                "setup",
                "setup --url <base URL> [--apply] [--rotate] [--scope [<account>=]account|service:<id>|team:<id>]"
                        + " [--ssm-prefix /pagerstatus [--kms-key <id>]] [--statuspage-key-expires YYYY-MM-DD]",
                """
                Makes each account's PagerDuty webhook subscription right: exactly one, enabled, delivering to
                <base URL>/<account> with the events the configuration needs, signed with a secret the receiver has.
                Prints per account what it would create, repair, replace or leave; --apply does it (a second
                --apply changes nothing). Needs PD_ADMIN_KEY_<NAME>, a PagerDuty key that may write webhook
                subscriptions; it is never stored. New secrets go to PD_WEBHOOK_SECRET_<NAME> in the
                PAGERSTATUS_ENV_FILE file, or with --ssm-prefix to the SecureString <prefix>/accounts/<name>/webhook-secret.

                  --apply                  carry the plan out, once GET <base URL>/ answers for every account
                  --rotate                 replace every subscription and secret, with no moment a delivery is refused
                  --scope S                account (default), service:<id> or team:<id>; <account>=S for one account
                                           (a service or team id belongs to one account); repeatable
                  --ssm-prefix P           on AWS: read the accounts and store secrets under P (SDK default credentials)
                  --kms-key K              the KMS key for the SecureString (default: the account's AWS-managed key)
                  --statuspage-key-expires D   record when the Statuspage key expires, for doctor and the alarm
                """),
        DOCTOR("doctor", "doctor [--url <base URL>] [--days 30] [--json] [--ssm-prefix /pagerstatus]", """
                Checks the configuration end to end and writes nothing: the keys, the page, each account's
                webhook subscription, the receiver (with --url), the policy, and component tags on the incidents of
                the last --days days. One line per check: passed, warning or failed, what it found, and the fix.
                Exit status 0 when nothing failed, 1 when a check failed, 2 for usage or configuration.

                  --url U         the receiver's base URL: check its health document and the subscriptions' URLs
                  --days N        how far back to check component tags (default 30)
                  --json          the checks as JSON, for scripts
                  --ssm-prefix P  also check the parameters under P (on AWS)
                """),
        VERSION("version", "version", """
                Prints the version.
                """);

        final String name;
        final String synopsis;
        final String description;

        Command(String name, String synopsis, String description) {
            this.name = name;
            this.synopsis = synopsis;
            this.description = description;
        }

        static Optional<Command> named(String name) {
            return Arrays.stream(values())
                    .filter(command -> command.name.equals(name))
                    .findFirst();
        }

        String help() {
            String text = "usage: pagerstatus " + synopsis + "\n\n" + description;
            return this == VERSION || this == DEMO ? text : text + "\n" + CONFIGURATION;
        }
    }

    private static final String USAGE_TEXT = """
            usage: pagerstatus <command> [options]

              plan [--json]          show what a sync would open, update and resolve; writes nothing
              sync [--json]          run one reconcile pass; exit 0 on success, 1 on failure
              serve [--port 8080] [--host 0.0.0.0] [--interval 300]
                                     receive PagerDuty webhooks on /<account>, sync after them (one pass at a
                                     time) and every --interval seconds (0: only after webhooks)
              demo [--port 8080]     try it: serve against built-in stand-ins for PagerDuty and Statuspage
              setup --url <base> [--apply]
                                     create or repair each account's PagerDuty webhook subscription
              doctor [--url <base>] [--json]
                                     check keys, page, subscriptions, receiver, policy and tags; writes nothing
              version                print the version

            pagerstatus <command> --help describes one command.
            """ + "\n" + CONFIGURATION;

    private Main() {}

    public static void main(String[] args) {
        Fatal.install();
        int status = run(args, System.getenv(), System.out, System.err);
        if (status != OK || !isServer(args)) {
            System.exit(status);
        }
    }

    private static boolean isServer(String[] args) {
        return args.length > 0
                && (args[0].equals("serve") || args[0].equals("demo"))
                && !wantsHelp(List.of(args).subList(1, args.length));
    }

    static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
        if (args.length == 0) {
            err.print(USAGE_TEXT);
            return USAGE;
        }
        List<String> options = Arrays.asList(args).subList(1, args.length);
        Optional<Command> command = Command.named(args[0]);
        try {
            if (args[0].equals("help") || args[0].equals("--help") || args[0].equals("-h")) {
                return help(options, out);
            }
            if (args[0].equals("--version")) {
                command = Optional.of(Command.VERSION);
            }
            if (command.isEmpty()) {
                throw new UsageException(null, "unknown command '" + args[0] + "'");
            }
            if (wantsHelp(options)) {
                out.print(command.get().help());
                return OK;
            }
            Map<String, String> given = env;
            env = EnvFile.merged(env, command.get() == Command.SETUP);
            return switch (command.get()) {
                case PLAN -> pass(false, json(Command.PLAN, options), env, out);
                case SYNC -> pass(true, json(Command.SYNC, options), env, out);
                case SERVE -> serve(ServerOptions.parse(Command.SERVE, options, "0.0.0.0"), env, given, out);
                case DEMO -> demo(ServerOptions.parse(Command.DEMO, options, "127.0.0.1"), out);
                case SETUP -> setup(SetupCommand.parse(Command.SETUP, options), env, given, out, err);
                case DOCTOR -> doctor(DoctorCommand.parse(Command.DOCTOR, options), env, out);
                case VERSION -> {
                    noOptions(Command.VERSION, options);
                    out.println("pagerstatus " + Version.current());
                    yield OK;
                }
            };
        } catch (UsageException e) {
            err.println("pagerstatus: " + e.getMessage());
            err.print(e.command == null ? USAGE_TEXT : "\n" + e.command.help());
            return USAGE;
        } catch (ConfigException e) {
            err.println("pagerstatus: configuration error: " + e.getMessage());
            return USAGE;
        } catch (ConfigUnavailableException e) {
            err.println("pagerstatus: " + e.getMessage());
            return FAILED;
        } catch (UncheckedIOException e) {
            err.println("pagerstatus: " + e.getMessage());
            return FAILED;
        }
    }

    private static int help(List<String> topics, PrintStream out) {
        if (topics.isEmpty()) {
            out.print(USAGE_TEXT);
            return OK;
        }
        Command command = Command.named(topics.getFirst())
                .orElseThrow(() -> new UsageException(null, "no help for '" + topics.getFirst() + "'; not a command"));
        out.print(command.help());
        return OK;
    }

    private static boolean wantsHelp(List<String> options) {
        return options.contains("--help") || options.contains("-h");
    }

    private static int pass(boolean apply, boolean json, Map<String, String> env, PrintStream out) {
        // A person reading plan's table wants no log lines under it; sync runs from cron and CI, which do.
        // JSON is the first thing a pass needs and the slowest part of a cold start to get ready; it gets ready on
        // the second core while this one reads the settings and builds the HTTP client.
        Thread.startVirtualThread(Json::warmUp);
        Log.threshold(EnvironmentSettings.logLevel(env, apply ? Log.Level.INFO : Log.Level.WARN));
        Settings settings = EnvironmentSettings.load(env);
        SyncReport report;
        try (ApiClients clients = ApiClients.create(settings)) {
            var service = clients.syncService(settings);
            report = apply ? service.sync() : service.plan();
        }
        if (json) {
            ReportPrinter.json(report, out);
        } else {
            ReportPrinter.table(report, out);
        }
        return report.succeeded() ? OK : FAILED;
    }

    /** {@code given}: the environment without the env file's values, which are read again after setup writes. */
    private static int serve(
            ServerOptions options, Map<String, String> env, Map<String, String> given, PrintStream out) {
        Log.threshold(EnvironmentSettings.logLevel(env, Log.Level.INFO));
        Settings settings = EnvironmentSettings.load(env);
        LocalServer server = LocalServer.bind(options.address());
        WebhookAccounts accounts = WebhookAccounts.reloading(
                () -> WebhookAccounts.of(EnvironmentSettings.load(EnvFile.merged(given))),
                Duration.ofSeconds(10),
                java.time.InstantSource.system());
        Serve serve = Serve.start(server, settings, accounts, ApiClients.create(), options.interval(), true, Map.of());
        serve.rehearseWhileIdle(Serve.REHEARSAL_ROUNDS);
        Runtime.getRuntime().addShutdownHook(new Thread(serve::close, "pagerstatus-shutdown"));
        out.println("pagerstatus " + Version.current() + " listening on http://" + options.host() + ":" + serve.port()
                + "; PagerDuty webhooks go to /<account> (" + String.join(", ", settings.accountNames()) + ")");
        return OK;
    }

    private static int setup(
            SetupCommand.Parsed parsed,
            Map<String, String> env,
            Map<String, String> given,
            PrintStream out,
            PrintStream err) {
        // As doctor: setup says what went wrong in one line of its own; retry log lines would only clutter its plan.
        Log.threshold(EnvironmentSettings.logLevel(env, Log.Level.ERROR));
        return SetupCommand.run(parsed, env, given, out, err);
    }

    private static int doctor(DoctorCommand.Parsed parsed, Map<String, String> env, PrintStream out) {
        Log.threshold(EnvironmentSettings.logLevel(env, Log.Level.ERROR));
        return DoctorCommand.run(parsed, env, out);
    }

    private static int demo(ServerOptions options, PrintStream out) {
        Demo demo = Demo.start(options.address(), options.interval());
        Runtime.getRuntime().addShutdownHook(new Thread(demo::close, "pagerstatus-shutdown"));
        out.println(Demo.banner(demo.port()));
        return OK;
    }

    /** {@code --port}, {@code --host} and {@code --interval} of serve and demo. */
    record ServerOptions(String host, int port, Duration interval) {
        InetSocketAddress address() {
            return new InetSocketAddress(host, port);
        }

        static ServerOptions parse(Command command, List<String> options, String defaultHost) {
            String host = defaultHost;
            int port = 8080;
            long interval = 300;
            for (int i = 0; i < options.size(); i++) {
                String option = options.get(i);
                if (!List.of("--port", "--host", "--interval").contains(option)) {
                    throw new UsageException(command, "unknown option '" + option + "' for " + command.name);
                }
                if (i + 1 >= options.size()) {
                    throw new UsageException(command, option + " needs a value");
                }
                String value = options.get(++i);
                switch (option) {
                    case "--port" -> port = number(command, option, value, 0, 65_535);
                    case "--interval" -> interval = number(command, option, value, 0, 86_400);
                    default -> host = value;
                }
            }
            return new ServerOptions(host, port, Duration.ofSeconds(interval));
        }

        private static int number(Command command, String option, String value, int min, int max) {
            try {
                int number = Integer.parseInt(value);
                if (number >= min && number <= max) {
                    return number;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new UsageException(command, option + " must be a number from " + min + " to " + max);
        }
    }

    private static boolean json(Command command, List<String> options) {
        boolean json = false;
        for (String option : options) {
            if (option.equals("--json")) {
                json = true;
            } else {
                throw new UsageException(command, "unknown option '" + option + "' for " + command.name);
            }
        }
        return json;
    }

    private static void noOptions(Command command, List<String> options) {
        if (!options.isEmpty()) {
            throw new UsageException(command, command.name + " takes no options");
        }
    }

    /** A command line that does not parse; {@code command} is the one whose help to show, or null. */
    static final class UsageException extends RuntimeException {
        final Command command;

        UsageException(Command command, String message) {
            super(message);
            this.command = command;
        }
    }
}
