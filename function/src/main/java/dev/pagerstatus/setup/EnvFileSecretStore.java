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
    private final Optional<Path> file;
    private final Map<String, String> environment;

    /** {@code environment}: the process's own variables, which win over the file's, as they do at start. */
    public EnvFileSecretStore(Path file, Map<String, String> environment) {
        this(Optional.of(file), environment);
    }

    /** Without a file (no {@code PAGERSTATUS_ENV_FILE}), secrets are only read from the environment. */
    public EnvFileSecretStore(Optional<Path> file, Map<String, String> environment) {
        this.file = file;
        this.environment = environment;
    }

    private Map<String, String> fileValues() {
        return file.map(EnvFile::read).orElse(Map.of());
    }

    private Path writable(String what) throws StoreFailed {
        return file.orElseThrow(() ->
                new StoreFailed("cannot store " + what + ": set " + EnvFile.VARIABLE + " to a file (mode 0600)", null));
    }

    @Override
    public List<Secret> secrets(String account) {
        String variable = variable(account);
        String value = environment.getOrDefault(variable, fileValues().get(variable));
        return value == null
                ? List.of()
                : SettingRules.webhookSecrets(new Setting("environment variable " + variable, value));
    }

    @Override
    public void put(String account, List<Secret> secrets) throws StoreFailed {
        if (environment.containsKey(variable(account))) {
            throw new StoreFailed(
                    variable(account) + " is set in the environment, which would hide what setup writes to "
                            + file.map(Path::toString).orElse(EnvFile.VARIABLE) + "; unset it",
                    null);
        }
        Path path = writable(variable(account));
        try {
            EnvFile.put(
                    path,
                    variable(account),
                    secrets.stream().map(Secret::reveal).collect(Collectors.joining(",")));
        } catch (IOException | RuntimeException e) {
            throw new StoreFailed(
                    "could not write " + variable(account) + " to " + path + " ("
                            + e.getClass().getSimpleName() + ")",
                    e);
        }
    }

    @Override
    public void recordKeyExpiry(LocalDate date) throws StoreFailed {
        Path path = writable(EnvironmentSettings.STATUSPAGE_KEY_EXPIRES);
        try {
            EnvFile.put(path, EnvironmentSettings.STATUSPAGE_KEY_EXPIRES, date.toString());
        } catch (IOException | RuntimeException e) {
            throw new StoreFailed("could not write " + EnvironmentSettings.STATUSPAGE_KEY_EXPIRES + " to " + path, e);
        }
    }

    @Override
    public Optional<LocalDate> keyExpiry() {
        String value = environment.getOrDefault(
                EnvironmentSettings.STATUSPAGE_KEY_EXPIRES,
                fileValues().get(EnvironmentSettings.STATUSPAGE_KEY_EXPIRES));
        return Optional.ofNullable(value).map(KeyExpiry::parse);
    }

    @Override
    public String where(String account) {
        return variable(account) + file.map(path -> " in " + path).orElse(" (no " + EnvFile.VARIABLE + ")");
    }

    private static String variable(String account) {
        return EnvironmentSettings.WEBHOOK_SECRET_PREFIX + account.toUpperCase(Locale.ROOT);
    }
}
