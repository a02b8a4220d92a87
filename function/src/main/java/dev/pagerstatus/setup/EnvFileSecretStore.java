package dev.pagerstatus.setup;

import dev.pagerstatus.config.EnvFile;
import dev.pagerstatus.config.EnvironmentSettings;
import dev.pagerstatus.config.Setting;
import dev.pagerstatus.config.SettingRules;
import dev.pagerstatus.support.Secret;
import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** Webhook secrets as {@code PD_WEBHOOK_SECRET_<NAME>} lines of the {@code PAGERSTATUS_ENV_FILE} file. */
public final class EnvFileSecretStore implements SecretStore {
    private final Path file;
    private final Map<String, String> environment;

    /** {@code environment}: the process's own variables, which win over the file's, as they do at start. */
    public EnvFileSecretStore(Path file, Map<String, String> environment) {
        this.file = file;
        this.environment = environment;
    }

    @Override
    public List<Secret> secrets(String account) {
        String variable = variable(account);
        String value = environment.getOrDefault(variable, EnvFile.read(file).get(variable));
        return value == null
                ? List.of()
                : SettingRules.webhookSecrets(new Setting("environment variable " + variable, value));
    }

    @Override
    public void put(String account, List<Secret> secrets) throws StoreFailed {
        if (environment.containsKey(variable(account))) {
            throw new StoreFailed(
                    variable(account) + " is set in the environment, which would hide what setup writes to " + file
                            + "; unset it",
                    null);
        }
        try {
            EnvFile.put(
                    file,
                    variable(account),
                    secrets.stream().map(Secret::reveal).collect(Collectors.joining(",")));
        } catch (IOException | RuntimeException e) {
            throw new StoreFailed(
                    "could not write " + variable(account) + " to " + file + " ("
                            + e.getClass().getSimpleName() + ")",
                    e);
        }
    }

    @Override
    public void recordKeyExpiry(LocalDate date) throws StoreFailed {
        try {
            EnvFile.put(file, EnvironmentSettings.STATUSPAGE_KEY_EXPIRES, date.toString());
        } catch (IOException | RuntimeException e) {
            throw new StoreFailed("could not write " + EnvironmentSettings.STATUSPAGE_KEY_EXPIRES + " to " + file, e);
        }
    }

    @Override
    public Optional<LocalDate> keyExpiry() {
        String value = environment.getOrDefault(
                EnvironmentSettings.STATUSPAGE_KEY_EXPIRES,
                EnvFile.read(file).get(EnvironmentSettings.STATUSPAGE_KEY_EXPIRES));
        return Optional.ofNullable(value).map(KeyExpiry::parse);
    }

    @Override
    public String where(String account) {
        return variable(account) + " in " + file;
    }

    private static String variable(String account) {
        return EnvironmentSettings.WEBHOOK_SECRET_PREFIX + account.toUpperCase(Locale.ROOT);
    }
}
