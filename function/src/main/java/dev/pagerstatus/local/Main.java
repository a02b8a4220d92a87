package dev.pagerstatus.local;

import dev.pagerstatus.config.ConfigException;
import dev.pagerstatus.config.EnvironmentSettings;
import dev.pagerstatus.config.Settings;
import dev.pagerstatus.support.Log;
import dev.pagerstatus.support.Version;
import dev.pagerstatus.sync.ApiClients;
import dev.pagerstatus.sync.SyncReport;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The command line: {@code plan}, {@code sync}, {@code serve} and {@code demo}. Exit status 0 is success,
 * 1 a pass that failed (a read or a write), 2 a usage or configuration error.
 */
public final class Main {
    static final int OK = 0;
    static final int FAILED = 1;
    static final int USAGE = 2;
    static final String LOG_LEVEL = "PAGERSTATUS_LOG_LEVEL";

    private static final String USAGE_TEXT = """
            usage: pagerstatus <command> [options]

              plan [--json]          show what a sync would open, update and resolve; writes nothing
              sync [--json]          run one reconcile pass; exit 0 on success, 1 on failure
              serve [--port 8080] [--host 0.0.0.0] [--interval 300]
                                     receive PagerDuty webhooks on /<account>, sync after them (one pass at a
                                     time) and every --interval seconds (0: only after webhooks)
              demo [--port 8080]     try it: serve against built-in stand-ins for PagerDuty and Statuspage
              version                print the version

            Configuration comes from the environment: STATUSPAGE_PAGE, STATUSPAGE_KEY, PD_ACCOUNT_<NAME>,
            optionally PD_WEBHOOK_SECRET_<NAME>, PAGERDUTY_API_URL, STATUSPAGE_API_URL (see README.md).
            """;

    private Main() {}

    public static void main(String[] args) {
        int status = run(args, System.getenv(), System.out, System.err);
        if (status != OK || !isServer(args)) {
            System.exit(status);
        }
    }

    private static boolean isServer(String[] args) {
        return args.length > 0 && (args[0].equals("serve") || args[0].equals("demo"));
    }

    static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
        if (args.length == 0) {
            err.print(USAGE_TEXT);
            return USAGE;
        }
        String command = args[0];
        List<String> options = Arrays.asList(args).subList(1, args.length);
        try {
            return switch (command) {
                case "plan" -> pass(false, json(options), env, out);
                case "sync" -> pass(true, json(options), env, out);
                case "serve" -> serve(ServerOptions.parse(options, "0.0.0.0"), env, out);
                case "demo" -> demo(ServerOptions.parse(options, "127.0.0.1"), out);
                case "version", "--version" -> {
                    out.println("pagerstatus " + Version.current());
                    yield OK;
                }
                case "help", "--help", "-h" -> {
                    out.print(USAGE_TEXT);
                    yield OK;
                }
                default -> throw new UsageException("unknown command '" + command + "'");
            };
        } catch (UsageException e) {
            err.println("pagerstatus: " + e.getMessage());
            err.print(USAGE_TEXT);
            return USAGE;
        } catch (ConfigException e) {
            err.println("pagerstatus: configuration error: " + e.getMessage());
            return USAGE;
        } catch (UncheckedIOException e) {
            err.println("pagerstatus: " + e.getMessage());
            return FAILED;
        }
    }

    private static int pass(boolean apply, boolean json, Map<String, String> env, PrintStream out) {
        // A person reading plan's table wants no log lines under it; sync runs from cron and CI, which do.
        Log.threshold(Log.level(env.get(LOG_LEVEL), apply ? Log.Level.INFO : Log.Level.WARN));
        Settings settings = EnvironmentSettings.load(env);
        var service = ApiClients.create().syncService(settings);
        SyncReport report = apply ? service.sync() : service.plan();
        if (json) {
            ReportPrinter.json(report, out);
        } else {
            ReportPrinter.table(report, out);
        }
        return report.succeeded() ? OK : FAILED;
    }

    private static int serve(ServerOptions options, Map<String, String> env, PrintStream out) {
        Log.threshold(Log.level(env.get(LOG_LEVEL), Log.Level.INFO));
        Settings settings = EnvironmentSettings.load(env);
        LocalServer server = LocalServer.bind(options.address());
        Serve serve = Serve.start(server, settings, ApiClients.create(), options.interval(), true, Map.of());
        Runtime.getRuntime().addShutdownHook(new Thread(serve::close, "pagerstatus-shutdown"));
        out.println("pagerstatus " + Version.current() + " listening on http://" + options.host() + ":" + serve.port()
                + "; PagerDuty webhooks go to /<account> (" + String.join(", ", settings.accountNames()) + ")");
        return OK;
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

        static ServerOptions parse(List<String> options, String defaultHost) {
            String host = defaultHost;
            int port = 8080;
            long interval = 300;
            for (int i = 0; i < options.size(); i++) {
                String option = options.get(i);
                if (!List.of("--port", "--host", "--interval").contains(option)) {
                    throw new UsageException("unknown option '" + option + "'");
                }
                if (i + 1 >= options.size()) {
                    throw new UsageException(option + " needs a value");
                }
                String value = options.get(++i);
                switch (option) {
                    case "--port" -> port = number(option, value, 0, 65_535);
                    case "--interval" -> interval = number(option, value, 0, 86_400);
                    default -> host = value;
                }
            }
            return new ServerOptions(host, port, Duration.ofSeconds(interval));
        }

        private static int number(String option, String value, int min, int max) {
            try {
                int number = Integer.parseInt(value);
                if (number >= min && number <= max) {
                    return number;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new UsageException(option + " must be a number from " + min + " to " + max);
        }
    }

    private static boolean json(List<String> options) {
        boolean json = false;
        for (String option : options) {
            if (option.equals("--json")) {
                json = true;
            } else {
                throw new UsageException("unknown option '" + option + "'");
            }
        }
        return json;
    }

    static final class UsageException extends RuntimeException {
        UsageException(String message) {
            super(message);
        }
    }
}
