package dev.pagerstatus.aws;

import dev.pagerstatus.config.Setting;
import dev.pagerstatus.config.SettingRules;
import dev.pagerstatus.setup.KeyExpiry;
import dev.pagerstatus.setup.SecretStore;
import dev.pagerstatus.support.Secret;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.ParameterType;
import software.amazon.awssdk.services.ssm.model.PutParameterRequest;

/**
 * setup's secrets on AWS: the SecureString {@code <prefix>/accounts/<name>/webhook-secret} (several secrets
 * separated by commas, as the receiver reads them), encrypted with {@code kmsKey} when given, else the account's
 * default key; and the String {@code <prefix>/statuspage/api-key-expires}.
 */
public final class SsmSecretStore implements SecretStore {
    private final SsmClient ssm;
    private final ParameterLayout layout;
    private final Optional<String> kmsKey;

    public SsmSecretStore(SsmClient ssm, ParameterLayout layout, Optional<String> kmsKey) {
        this.ssm = ssm;
        this.layout = layout;
        this.kmsKey = kmsKey;
    }

    /** With the SDK's default credentials and region; {@code AWS_ENDPOINT_URL_SSM} points it elsewhere. */
    public static SsmSecretStore create(String prefix, Optional<String> kmsKey) {
        try {
            return new SsmSecretStore(AwsEnvironment.ssm(), new ParameterLayout(prefix), kmsKey);
        } catch (SdkException e) {
            throw new dev.pagerstatus.config.ConfigException(
                    "cannot make an SSM client (" + why(e) + "); set AWS_REGION and credentials as for the AWS CLI");
        }
    }

    /** The SDK's reason in words: its messages name provider objects ({@code DefaultAwsRegionProviderChain@1a2b}). */
    static String why(SdkException e) {
        String message = e.getMessage() == null ? "" : e.getMessage();
        if (message.contains("Unable to load region")) {
            return "no AWS region is set";
        }
        if (message.contains("Unable to load credentials")) {
            return "no AWS credentials were found";
        }
        String first = message.lines()
                .findFirst()
                .orElse("")
                .replaceAll("\\S+@[0-9a-f]+", "")
                .strip();
        return first.isEmpty() ? e.getClass().getSimpleName() : first;
    }

    /** The configuration under the same prefix, read once: the accounts setup works on. */
    public dev.pagerstatus.config.Settings settings() {
        return new SsmSettings(
                        new ParameterStore(ssm), layout, java.time.Duration.ZERO, java.time.InstantSource.system())
                .get();
    }

    /** Each parameter under the prefix and its type, for doctor. */
    public java.util.Map<String, String> parameterTypes() {
        return new ParameterStore(ssm).types(layout.prefix());
    }

    @Override
    public List<Secret> secrets(String account) {
        String name = layout.accountWebhookSecret(account);
        String value = new ParameterStore(ssm).values(List.of(name)).get(name);
        return value == null ? List.of() : SettingRules.webhookSecrets(new Setting(SsmSettings.origin(name), value));
    }

    @Override
    public void put(String account, List<Secret> secrets) throws StoreFailed {
        String value = secrets.stream().map(Secret::reveal).collect(Collectors.joining(","));
        write(layout.accountWebhookSecret(account), value, ParameterType.SECURE_STRING);
    }

    @Override
    public void recordKeyExpiry(LocalDate date) throws StoreFailed {
        write(layout.statuspageKeyExpires(), date.toString(), ParameterType.STRING);
    }

    @Override
    public Optional<LocalDate> keyExpiry() {
        String name = layout.statuspageKeyExpires();
        return Optional.ofNullable(new ParameterStore(ssm).values(List.of(name)).get(name))
                .map(KeyExpiry::parse);
    }

    @Override
    public String where(String account) {
        return "SSM " + layout.accountWebhookSecret(account);
    }

    private void write(String name, String value, ParameterType type) throws StoreFailed {
        PutParameterRequest.Builder request =
                PutParameterRequest.builder().name(name).value(value).type(type).overwrite(true);
        if (type == ParameterType.SECURE_STRING) {
            kmsKey.ifPresent(request::keyId);
        }
        try {
            ssm.putParameter(request.build());
        } catch (SdkException e) {
            String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            throw new StoreFailed(
                    "SSM PutParameter " + name + " failed: "
                            + message.lines().findFirst().orElse(""),
                    e);
        }
    }
}
