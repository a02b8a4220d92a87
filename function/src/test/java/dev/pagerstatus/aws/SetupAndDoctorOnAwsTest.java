package dev.pagerstatus.aws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pagerstatus.config.Settings;
import dev.pagerstatus.doctor.Check;
import dev.pagerstatus.doctor.Doctor;
import dev.pagerstatus.pagerduty.WebhookSubscription;
import dev.pagerstatus.setup.Setup;
import dev.pagerstatus.testing.AwsClients;
import dev.pagerstatus.testing.FakeAws;
import dev.pagerstatus.testing.FakeWorld;
import dev.pagerstatus.testing.ReceiverStandIn;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.InstantSource;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** setup and doctor with --ssm-prefix: the configuration, secrets and key expiry in a loopback SSM stand-in. */
class SetupAndDoctorOnAwsTest {
    private final ReceiverStandIn receiver = ReceiverStandIn.naming("acme", "globex");
    private final URI base = receiver.base();

    private final FakeWorld world = new FakeWorld();
    private final FakeAws aws = new FakeAws().pointedAt(world);
    private final SsmSecretStore store = new SsmSecretStore(
            AwsClients.ssm(aws), new ParameterLayout(ParameterLayout.DEFAULT_PREFIX), Optional.of("alias/pagerstatus"));

    @AfterEach
    void close() {
        world.close();
        receiver.close();
        aws.close();
    }

    @Test
    void setupReadsTheAccountsFromParameterStoreAndDoctorThenFindsEverythingInPlace() {
        Settings settings = store.settings();
        Map<String, String> env = Map.of("PD_ADMIN_KEY_ACME", FakeWorld.ACME_ADMIN_KEY);
        PrintStream print = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);

        int status = new Setup(world.clients(), store, print, print)
                .run(
                        new Setup.Options(
                                base,
                                WebhookSubscription.Scope.ACCOUNT,
                                true,
                                false,
                                Optional.of(LocalDate.now().plusDays(90))),
                        settings,
                        env);
        List<Check> checks = new Doctor(
                        world.clients(), InstantSource.system(), account -> store.secrets(account.name()))
                .run(
                        new Doctor.Options(
                                Optional.of(base),
                                30,
                                store.keyExpiry(),
                                Optional.of("/pagerstatus"),
                                store.parameterTypes()),
                        store.settings(),
                        env);

        assertThat(status).isZero();
        assertThat(checks)
                .filteredOn(check -> !check.name().startsWith("receiver"))
                .allSatisfy(
                        check -> assertThat(check.status()).as(check.toString()).isEqualTo(Check.Status.PASSED));
        assertThat(checks)
                .extracting(Check::name)
                .contains("webhook subscription acme", "ssm parameters /pagerstatus", "statuspage key expiry");
    }

    @Test
    void doctorFailsAWebhookSecretStoredAsPlainText() {
        aws.parameter("/pagerstatus/accounts/acme/webhook-secret", "plain-secret-0123456789", "String");

        Check check = dev.pagerstatus.doctor.Checks.parameters("/pagerstatus", store.parameterTypes());

        assertThat(check.status()).isEqualTo(Check.Status.FAILED);
    }
}
