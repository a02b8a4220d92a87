package dev.pagerstatus.infra;

import dev.pagerstatus.config.ConfigException;
import dev.pagerstatus.config.PolicyParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;

/**
 * The deployment's choices, from CDK context ({@code cdk deploy -c ssmPrefix=/ops/status -c alarmEmail=...}
 * or {@code cdk.json}). Every value has a default except where an absent value means "not wanted".
 *
 * @param ssmPrefix        where the configuration lives in Parameter Store
 * @param scheduleMinutes  how often a pass runs without a webhook, and the receiver is kept warm
 * @param alarmEmail       who is told when an alarm fires (null: alarms without notifications)
 * @param kmsKeyArn        the customer-managed key of the SecureString parameters (null: the AWS-managed key)
 * @param functionJar      the shaded jar both functions run
 * @param apiRateLimit     steady requests per second the webhook API accepts
 * @param apiBurstLimit    burst the webhook API accepts
 * @param logRetentionDays how long function and access logs are kept
 * @param configTtlSeconds how long a function keeps what it read from Parameter Store
 * @param policy           the policy document from {@code -c policyFile=<path>}, already checked as pagerstatus
 *                         checks it; null when none is given (then {@code settings/policy} is the operator's)
 */
public record PagerstatusConfig(
        String ssmPrefix,
        int scheduleMinutes,
        String alarmEmail,
        String kmsKeyArn,
        Path functionJar,
        int apiRateLimit,
        int apiBurstLimit,
        int logRetentionDays,
        int configTtlSeconds,
        String policy) {

    public static final String DEFAULT_PREFIX = "/pagerstatus";
    /** SSM's limit for an advanced String parameter. */
    static final int MAX_POLICY_BYTES = 8 * 1024;

    private static final List<Path> JAR_LOCATIONS = List.of(
            Path.of("function", "target", "pagerstatus.jar"), Path.of("..", "function", "target", "pagerstatus.jar"));

    public PagerstatusConfig {
        if (!ssmPrefix.matches("(/[A-Za-z0-9_.-]+)+")) {
            throw new IllegalArgumentException(
                    "context ssmPrefix must look like /pagerstatus, not '" + ssmPrefix + "'");
        }
        if (scheduleMinutes < 1 || scheduleMinutes > 60) {
            throw new IllegalArgumentException("context scheduleMinutes must be from 1 to 60");
        }
        if (alarmEmail != null && !alarmEmail.matches("[^@\\s]+@[^@\\s]+\\.[^@\\s]+")) {
            throw new IllegalArgumentException("context alarmEmail is not an email address");
        }
        if (configTtlSeconds < 0 || configTtlSeconds > 3600) {
            throw new IllegalArgumentException("context configTtlSeconds must be from 0 to 3600");
        }
        if (kmsKeyArn != null && !kmsKeyArn.startsWith("arn:")) {
            throw new IllegalArgumentException("context kmsKeyArn must be a key ARN");
        }
    }

    /** Reads the context; {@code context} returns null for an absent key. */
    public static PagerstatusConfig fromContext(Function<String, Object> context) {
        return new PagerstatusConfig(
                text(context, "ssmPrefix", DEFAULT_PREFIX),
                number(context, "scheduleMinutes", 1),
                text(context, "alarmEmail", null),
                text(context, "kmsKeyArn", null),
                jar(text(context, "functionJar", null)),
                number(context, "apiRateLimit", 20),
                number(context, "apiBurstLimit", 50),
                number(context, "logRetentionDays", 30),
                number(context, "configTtlSeconds", 300),
                policy(text(context, "policyFile", null)));
    }

    /**
     * The policy file, read and checked exactly as {@code plan} checks {@code PAGERSTATUS_POLICY}, so that a
     * deploy never puts a policy on SSM that the sync function would refuse.
     */
    static String policy(String path) {
        if (path == null) {
            return null;
        }
        Path file = Path.of(path);
        String text;
        try {
            text = Files.readString(file);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("context policyFile names " + path + ", which cannot be read");
        }
        if (text.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_POLICY_BYTES) {
            throw new IllegalArgumentException(
                    "context policyFile " + path + " is larger than an SSM parameter can hold (8 KB)");
        }
        try {
            PolicyParser.parse(text, "policy file " + path);
        } catch (ConfigException e) {
            throw new IllegalArgumentException("pagerstatus: configuration error: " + e.getMessage());
        }
        return text;
    }

    private static Path jar(String configured) {
        if (configured != null) {
            return Path.of(configured);
        }
        return JAR_LOCATIONS.stream()
                .filter(Files::isRegularFile)
                .findFirst()
                .orElseThrow(() -> new IllegalStateException(
                        "function/target/pagerstatus.jar is missing: build it first with ./mvnw package"
                                + " (cdk synth and cdk deploy do this themselves through cdk.json)"));
    }

    private static String text(Function<String, Object> context, String key, String fallback) {
        Object value = context.apply(key);
        return value == null || value.toString().isBlank()
                ? fallback
                : value.toString().strip();
    }

    private static int number(Function<String, Object> context, String key, int fallback) {
        String value = text(context, key, null);
        if (value == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("context " + key + " must be a whole number, not '" + value + "'");
        }
    }
}
