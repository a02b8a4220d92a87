package dev.pagerstatus.aws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pagerstatus.support.Secret;
import dev.pagerstatus.testing.AwsClients;
import dev.pagerstatus.testing.FakeAws;
import dev.pagerstatus.testing.ManualClock;
import dev.pagerstatus.webhook.WebhookAccount;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SsmWebhookAccountsTest {
    private static final String SECRET = "/pagerstatus/accounts/acme/webhook-secret";

    private final FakeAws aws = new FakeAws()
            .parameter("/pagerstatus/accounts/acme/api-key", "k")
            .parameter(SECRET, "old-secret-0123456789");
    private final ManualClock clock = new ManualClock(Instant.parse("2026-12-06T10:00:00Z"));
    private final SsmWebhookAccounts accounts = new SsmWebhookAccounts(
            new ParameterStore(AwsClients.ssm(aws)),
            new ParameterLayout(ParameterLayout.DEFAULT_PREFIX),
            Duration.ofMinutes(5),
            clock);

    @AfterEach
    void close() {
        aws.close();
    }

    @Test
    void aSignatureMismatchReadsTheSecretsSetupJustAddedWithoutWaitingForTheCache() {
        accounts.find("acme");
        aws.parameter(SECRET, "old-secret-0123456789,new-secret-9876543210");
        clock.advance(SsmWebhookAccounts.RELOAD_AFTER_MISMATCH);

        assertThat(accounts.find("acme").map(WebhookAccount::secrets).orElseThrow())
                .hasSize(1);
        assertThat(accounts.findAfterMismatch("acme")
                        .map(WebhookAccount::secrets)
                        .orElseThrow())
                .contains(Secret.of("new-secret-9876543210"));
    }

    @Test
    void mismatchesReadParameterStoreAtMostOnceEveryTenSeconds() {
        accounts.find("acme");
        aws.parameter(SECRET, "old-secret-0123456789,new-secret-9876543210");
        clock.advance(SsmWebhookAccounts.RELOAD_AFTER_MISMATCH.minusSeconds(1));

        assertThat(accounts.findAfterMismatch("acme")
                        .map(WebhookAccount::secrets)
                        .orElseThrow())
                .hasSize(1);
    }
}
