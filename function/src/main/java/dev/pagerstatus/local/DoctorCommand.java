package dev.pagerstatus.local;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pagerstatus.aws.SsmSecretStore;
import dev.pagerstatus.config.EnvironmentSettings;
import dev.pagerstatus.config.PagerDutyAccount;
import dev.pagerstatus.config.Settings;
import dev.pagerstatus.doctor.Check;
import dev.pagerstatus.doctor.Doctor;
import dev.pagerstatus.setup.KeyExpiry;
import dev.pagerstatus.support.Json;
import dev.pagerstatus.support.Secret;
import dev.pagerstatus.sync.ApiClients;
import java.io.PrintStream;
import java.net.URI;
import java.time.InstantSource;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/** {@code doctor}'s command line: options, where the configuration lives, and the report's two forms. */
final class DoctorCommand {
    record Parsed(Optional<URI> base, int days, boolean json, Optional<String> ssmPrefix) {}

    private DoctorCommand() {}

    static Parsed parse(Main.Command command, List<String> options) {
        Optional<URI> base = Optional.empty();
        int days = 30;
        boolean json = false;
        Optional<String> prefix = Optional.empty();
        for (int i = 0; i < options.size(); i++) {
            switch (options.get(i)) {
                case "--json" -> json = true;
                case "--url" ->
                    base = Optional.of(SetupCommand.baseUrl(command, SetupCommand.value(command, options, i++)));
                case "--days" -> days = days(command, SetupCommand.value(command, options, i++));
                case "--ssm-prefix" ->
                    prefix = Optional.of(SetupCommand.prefix(command, SetupCommand.value(command, options, i++)));
                default -> throw new Main.UsageException(command, "unknown option '" + options.get(i) + "' for doctor");
            }
        }
        return new Parsed(base, days, json, prefix);
    }

    static int run(Parsed parsed, Map<String, String> env, PrintStream out) {
        Settings settings;
        Doctor.Options options;
        Function<PagerDutyAccount, List<Secret>> secrets = PagerDutyAccount::webhookSecrets;
        if (parsed.ssmPrefix().isPresent()) {
            SsmSecretStore ssm = SsmSecretStore.create(parsed.ssmPrefix().get(), Optional.empty());
            settings = ssm.settings();
            secrets = account -> ssm.secrets(account.name());
            options = new Doctor.Options(
                    parsed.base(), parsed.days(), ssm.keyExpiry(), parsed.ssmPrefix(), ssm.parameterTypes());
        } else {
            settings = EnvironmentSettings.load(env);
            Optional<java.time.LocalDate> expires = Optional.ofNullable(
                            env.get(EnvironmentSettings.STATUSPAGE_KEY_EXPIRES))
                    .map(KeyExpiry::parse);
            options = new Doctor.Options(parsed.base(), parsed.days(), expires, Optional.empty(), Map.of());
        }
        List<Check> checks;
        try (ApiClients clients = ApiClients.create(settings)) {
            checks = new Doctor(clients, InstantSource.system(), secrets).run(options, settings, env);
        }
        if (parsed.json()) {
            json(checks, out);
        } else {
            checks.forEach(check -> out.println(line(check)));
        }
        return checks.stream().anyMatch(check -> check.status() == Check.Status.FAILED) ? Main.FAILED : Main.OK;
    }

    static String line(Check check) {
        String status = check.status().name().toLowerCase(Locale.ROOT);
        return String.format(
                "%-7s %-32s %s%s",
                status, check.name(), check.found(), check.fix().isEmpty() ? "" : "  fix: " + check.fix());
    }

    private static void json(List<Check> checks, PrintStream out) {
        ObjectNode report = Json.MAPPER.createObjectNode();
        report.put("passed", checks.stream().noneMatch(check -> check.status() == Check.Status.FAILED));
        ArrayNode items = report.putArray("checks");
        for (Check check : checks) {
            ObjectNode item = items.addObject();
            item.put("check", check.name());
            item.put("status", check.status().name().toLowerCase(Locale.ROOT));
            item.put("found", check.found());
            item.put("fix", check.fix());
        }
        out.println(report.toPrettyString());
    }

    private static int days(Main.Command command, String value) {
        if (value.matches("\\d{1,3}") && Integer.parseInt(value) >= 1 && Integer.parseInt(value) <= 365) {
            return Integer.parseInt(value);
        }
        throw new Main.UsageException(command, "--days must be a number from 1 to 365");
    }
}
