package dev.pagerstatus.local;

import dev.pagerstatus.config.ConfigException;
import dev.pagerstatus.config.EnvironmentSettings;
import dev.pagerstatus.config.Settings;
import dev.pagerstatus.support.Log;
import dev.pagerstatus.support.Version;
import dev.pagerstatus.sync.ApiClients;
import dev.pagerstatus.sync.SyncReport;
import java.io.PrintStream;
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
              serve [--port 8080]    receive PagerDuty webhooks on /<account> and sync after each
              demo [--port 8080]     try it: serve against built-in stand-ins for PagerDuty and Statuspage
              version                print the version

            Configuration comes from the environment: STATUSPAGE_PAGE, STATUSPAGE_KEY, PD_ACCOUNT_<NAME>,
            optionally PD_WEBHOOK_SECRET_<NAME>, PAGERDUTY_API_URL, STATUSPAGE_API_URL (see README.md).
            """;

    private Main() {
    }

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
