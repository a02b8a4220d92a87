package dev.pagerstatus.aws;

import dev.pagerstatus.config.ConfigException;
import java.time.Duration;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.ssm.SsmClient;

/**
 * What a function reads from its environment (set by the CDK app) and the AWS clients it builds once.
 * Clients use the URL-connection HTTP client (no Apache or Netty stack to load) and the default credentials
 * chain, which is what makes SnapStart's container credentials work. {@code AWS_ENDPOINT_URL} is honoured by
 * the SDK itself, which is how the tests point these clients at a loopback stand-in.
 */
record AwsEnvironment(ParameterLayout layout, Duration configTtl, String queueUrl, String metricsNamespace) {
    static final String SSM_PREFIX = "PAGERSTATUS_SSM_PREFIX";
    static final String CONFIG_TTL_SECONDS = "PAGERSTATUS_CONFIG_TTL_SECONDS";
    static final String QUEUE_URL = "PAGERSTATUS_QUEUE_URL";
    static final String METRICS_NAMESPACE = "PAGERSTATUS_METRICS_NAMESPACE";

    /**
     * The function's environment, as the CDK app sets it. A value that is missing or malformed is a {@link
     * ConfigException} naming the variable, handled like a bad SSM parameter: the receiver answers 503 and the
     * sync function fails its pass, each logging the line.
     */
    static AwsEnvironment from(Map<String, String> env) {
        String prefix = env.getOrDefault(SSM_PREFIX, ParameterLayout.DEFAULT_PREFIX);
        if (!ParameterLayout.isPrefix(prefix)) {
            throw new ConfigException("environment variable " + SSM_PREFIX + " must look like /pagerstatus");
        }
        String ttl = env.getOrDefault(CONFIG_TTL_SECONDS, "300");
        if (!ttl.matches("\\d{1,4}") || Integer.parseInt(ttl) > 3600) {
            throw new ConfigException(
                    "environment variable " + CONFIG_TTL_SECONDS + " must be a whole number of seconds from 0 to 3600");
        }
        return new AwsEnvironment(
                new ParameterLayout(prefix),
                Duration.ofSeconds(Long.parseLong(ttl)),
                env.get(QUEUE_URL),
                env.getOrDefault(METRICS_NAMESPACE, Metrics.DEFAULT_NAMESPACE));
    }

    /** The sync queue's URL, which only the receiver needs. */
    String requiredQueueUrl() {
        if (queueUrl == null || queueUrl.isBlank()) {
            throw new ConfigException(
                    "environment variable " + QUEUE_URL + " is not set; the CDK app sets it to the sync queue's URL");
        }
        return queueUrl;
    }

    /**
     * One HTTP client for both AWS clients. Its TLS set-up is the dearest part of building one, so it is built
     * on another thread while the SDK clients are ({@link WarmingHttpClient}).
     */
    private static final SdkHttpClient HTTP = new WarmingHttpClient(UrlConnectionHttpClient::create);

    static SsmClient ssm() {
        return SsmClient.builder()
                .httpClient(HTTP)
                .region(region())
                .credentialsProvider(DefaultCredentialsProvider.builder().build())
                .build();
    }

    static SqsClient sqs() {
        return SqsClient.builder()
                .httpClient(HTTP)
                .region(region())
                .credentialsProvider(DefaultCredentialsProvider.builder().build())
                .build();
    }

    private static Region region() {
        String region = System.getenv("AWS_REGION");
        return region != null && !region.isBlank()
                ? Region.of(region)
                : new DefaultAwsRegionProviderChain().getRegion();
    }
}
