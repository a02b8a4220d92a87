package dev.pagerstatus.testing;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.ssm.SsmClient;

/** Real SDK clients, built the way the functions build them, pointed at {@link FakeAws}. */
public final class AwsClients {
    private static final StaticCredentialsProvider TEST_CREDENTIALS =
            StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDTESTONLY", "test-secret-access-key"));

    private AwsClients() {}

    public static SsmClient ssm(FakeAws aws) {
        return SsmClient.builder()
                .httpClient(UrlConnectionHttpClient.create())
                .region(Region.EU_WEST_1)
                .credentialsProvider(TEST_CREDENTIALS)
                .endpointOverride(aws.endpoint())
                .build();
    }

    public static SqsClient sqs(FakeAws aws) {
        return SqsClient.builder()
                .httpClient(UrlConnectionHttpClient.create())
                .region(Region.EU_WEST_1)
                .credentialsProvider(TEST_CREDENTIALS)
                .endpointOverride(aws.endpoint())
                .build();
    }
}
