package dev.pagerstatus.aws;

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

    static AwsEnvironment from(Map<String, String> env) {
        String ttl = env.getOrDefault(CONFIG_TTL_SECONDS, "300");
        return new AwsEnvironment(
                new ParameterLayout(env.getOrDefault(SSM_PREFIX, ParameterLayout.DEFAULT_PREFIX)),
                Duration.ofSeconds(ttl.matches("\\d{1,6}") ? Long.parseLong(ttl) : 300),
                env.get(QUEUE_URL),
                env.getOrDefault(METRICS_NAMESPACE, Metrics.DEFAULT_NAMESPACE));
    }

    /** One HTTP client for both AWS clients: its TLS set-up is the dearest part of building one. */
    private static final SdkHttpClient HTTP = UrlConnectionHttpClient.create();

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
