package dev.pagerstatus.aws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pagerstatus.config.EnvironmentSettings;
import dev.pagerstatus.pagerduty.WebhookSubscription;
import dev.pagerstatus.setup.Setup;
import dev.pagerstatus.support.Secret;
import dev.pagerstatus.testing.AwsClients;
import dev.pagerstatus.testing.FakeAws;
import dev.pagerstatus.testing.FakeWorld;
import dev.pagerstatus.testing.ReceiverStandIn;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** setup on AWS: secrets in Parameter Store through the real SDK client, pointed at a loopback SSM stand-in. */
class SsmSecretStoreTest {
    private final ReceiverStandIn receiver = ReceiverStandIn.naming("acme", "globex");
    private final URI base = receiver.base();
    private static final String SECRET_PARAMETER = "/pagerstatus/accounts/acme/webhook-secret";

    private final FakeWorld world = new FakeWorld();
    private final FakeAws aws = new FakeAws();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    @AfterEach
    void close() {
        world.close();
        receiver.close();
        aws.close();
    }

    private int setup(Optional<String> kmsKey, Optional<LocalDate> expires) {
        Map<String, String> env = world.environment();
        env.remove("PD_ACCOUNT_GLOBEX");
        env.put("PD_ADMIN_KEY_ACME", FakeWorld.ACME_ADMIN_KEY);
        SsmSecretStore store =
                new SsmSecretStore(AwsClients.ssm(aws), new ParameterLayout(ParameterLayout.DEFAULT_PREFIX), kmsKey);
        PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);
        return new Setup(world.clients(), store, print, print)
                .run(
                        new Setup.Options(base, WebhookSubscription.Scope.ACCOUNT, true, false, expires),
                        EnvironmentSettings.load(env),
                        env);
    }

    @Test
    void storesTheNewSecretAsASecureStringEncryptedWithTheKmsKeyGiven() {
        assertThat(setup(Optional.of("alias/pagerstatus"), Optional.empty())).isZero();

        Secret secret = world.pagerDuty.subscriptions("acme").getFirst().secret();
        assertThat(aws.value(SECRET_PARAMETER)).isEqualTo(secret.reveal());
        assertThat(aws.written(SECRET_PARAMETER)).containsExactly("SecureString", "alias/pagerstatus");
    }

    @Test
    void addsTheNewSecretBesideTheOnesTheReceiverAlreadyAccepts() {
        aws.parameter(SECRET_PARAMETER, "handmade-secret-0123456789");

        setup(Optional.empty(), Optional.empty());

        Secret secret = world.pagerDuty.subscriptions("acme").getFirst().secret();
        assertThat(aws.value(SECRET_PARAMETER)).isEqualTo("handmade-secret-0123456789," + secret.reveal());
        assertThat(aws.written(SECRET_PARAMETER)[1]).isNull();
    }

    @Test
    void aSecretParameterStoreRefusesLeavesNoSubscriptionAndFails() {
        aws.refusePuts();

        assertThat(setup(Optional.empty(), Optional.empty())).isEqualTo(Setup.FAILED);

        assertThat(world.pagerDuty.subscriptions("acme")).isEmpty();
        assertThat(out.toString(StandardCharsets.UTF_8))
                .contains("SSM PutParameter " + SECRET_PARAMETER + " failed", "subscription was deleted again");
    }

    @Test
    void recordsTheStatuspageKeyExpiryAsAPlainString() {
        setup(Optional.of("alias/pagerstatus"), Optional.of(LocalDate.parse("2027-03-01")));

        assertThat(aws.value("/pagerstatus/statuspage/api-key-expires")).isEqualTo("2027-03-01");
        assertThat(aws.written("/pagerstatus/statuspage/api-key-expires")).containsExactly("String", null);
    }

    @Test
    void aMissingRegionIsSaidInWordsNotAsTheSdksProviderObject() {
        var e = software.amazon.awssdk.core.exception.SdkClientException.create(
                "Unable to load region from any of the providers in the chain"
                        + " software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain@6a2f6f80:"
                        + " [SystemSettingsRegionProvider(): Unable to load region]");

        assertThat(SsmSecretStore.why(e)).isEqualTo("no AWS region is set");
    }
}
