package dev.pagerstatus.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pagerstatus.config.ConfigException;
import dev.pagerstatus.config.ConfigUnavailableException;
import dev.pagerstatus.config.Settings;
import dev.pagerstatus.policy.Severity;
import dev.pagerstatus.support.Secret;
import dev.pagerstatus.testing.AwsClients;
import dev.pagerstatus.testing.FakeAws;
import dev.pagerstatus.testing.ManualClock;
import dev.pagerstatus.webhook.WebhookAccount;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Configuration from SSM Parameter Store, read with the real SDK client from a loopback stand-in. */
class SsmConfigurationTest {
    private static final Duration TTL = Duration.ofMinutes(5);
    private static final ParameterLayout LAYOUT = new ParameterLayout("/pagerstatus");

    private final FakeAws aws = new FakeAws();
    private final ManualClock clock = new ManualClock(Instant.parse("2026-03-18T12:00:00Z"));
    private ParameterStore store;

    @BeforeEach
    void parameters() {
        aws.parameter("/pagerstatus/statuspage/page-id", "kctbh9vrtdwd")
                .parameter("/pagerstatus/statuspage/api-key", "sp-secret-key-3f9a")
                .parameter("/pagerstatus/accounts/acme/api-key", "acme-pd-key-77c1")
                .parameter("/pagerstatus/accounts/acme/webhook-secret", "acmeSecretOne,acmeSecretTwo")
                .parameter("/pagerstatus/accounts/globex/api-key", "globex-pd-key-1b2c")
                .parameter("/pagerstatus/settings/component-status", "major_outage")
                .parameter("/other-app/db/password", "not-ours");
        store = new ParameterStore(AwsClients.ssm(aws));
    }

    @AfterEach
    void stop() {
        aws.close();
    }

    private SsmSettings settings() {
        return new SsmSettings(store, LAYOUT, TTL, clock);
    }

    private SsmWebhookAccounts accounts() {
        return new SsmWebhookAccounts(store, LAYOUT, TTL, clock);
    }

    @Test
    void readsTheDocumentedLayoutAndFindsAccountsByListingThePrefix() {
        Settings settings = settings().get();

        assertThat(settings.pages().getFirst().id()).isEqualTo("kctbh9vrtdwd");
        assertThat(settings.pages().getFirst().apiKey().reveal()).isEqualTo("sp-secret-key-3f9a");
        assertThat(settings.accountNames()).containsExactly("acme", "globex");
        assertThat(settings.account("acme").orElseThrow().apiKey().reveal()).isEqualTo("acme-pd-key-77c1");
        assertThat(settings.policy().base().defaultSeverity()).isEqualTo(Severity.MAJOR_OUTAGE);
        assertThat(settings.pagerDutyApiUrl().toString()).isEqualTo("https://api.pagerduty.com");
    }

    @Test
    void readsSeveralPagesFromAStringListWithAPagesOwnKeyAndAnAccountsNoteWriter() {
        // SSM returns a StringList as its values joined by commas.
        aws.parameter("/pagerstatus/statuspage/page-id", "kctbh9vrtdwd,qn3v8z2r6b1c")
                .parameter("/pagerstatus/statuspage/qn3v8z2r6b1c/api-key", "internal-page-key-7d")
                .parameter("/pagerstatus/accounts/acme/note-key", "acme-note-key-5e")
                .parameter("/pagerstatus/accounts/acme/note-from", "statuspage-bot@acme.example");

        Settings settings = settings().get();

        assertThat(settings.pageIds()).containsExactly("kctbh9vrtdwd", "qn3v8z2r6b1c");
        assertThat(settings.pages())
                .extracting(page -> page.apiKey().reveal())
                .containsExactly("sp-secret-key-3f9a", "internal-page-key-7d");
        assertThat(settings.account("acme").orElseThrow().noteWriter()).hasValueSatisfying(writer -> {
            assertThat(writer.key().reveal()).isEqualTo("acme-note-key-5e");
            assertThat(writer.from()).isEqualTo("statuspage-bot@acme.example");
        });
        assertThat(settings.account("globex").orElseThrow().noteWriter()).isEmpty();
        assertThat(accounts().names()).containsExactly("acme", "globex");
        assertThat(aws.namesRead()).noneMatch(name -> name.endsWith("/note-key") && !name.contains("acme"));
    }

    @Test
    void theReceiverNeverReadsANoteKey() {
        aws.parameter("/pagerstatus/accounts/acme/note-key", "acme-note-key-5e")
                .parameter("/pagerstatus/accounts/acme/note-from", "statuspage-bot@acme.example");

        accounts().names();

        assertThat(aws.namesRead()).containsExactly("/pagerstatus/accounts/acme/webhook-secret");
    }

    @Test
    void aPageKeyForAPageThatIsNotListedIsNamed() {
        aws.parameter("/pagerstatus/statuspage/zz9plural9zz/api-key", "stray-key");

        assertThatThrownBy(() -> settings().get())
                .isInstanceOf(ConfigException.class)
                .hasMessage("SSM parameter /pagerstatus/statuspage/zz9plural9zz/api-key names no page of SSM parameter"
                        + " /pagerstatus/statuspage/page-id (kctbh9vrtdwd)");
    }

    @Test
    void theSyncFunctionNeverReadsAWebhookSecret() {
        settings().get();

        assertThat(aws.namesRead())
                .isNotEmpty()
                .noneMatch(name -> name.endsWith("/webhook-secret"))
                .noneMatch(name -> name.startsWith("/other-app"));
    }

    @Test
    void theReceiverReadsWebhookSecretsAndNothingElse() {
        SsmWebhookAccounts accounts = accounts();

        assertThat(accounts.names()).containsExactly("acme", "globex");
        assertThat(accounts.find("ACME").orElseThrow().secrets())
                .extracting(Secret::reveal)
                .containsExactly("acmeSecretOne", "acmeSecretTwo");
        assertThat(accounts.find("globex"))
                .map(WebhookAccount::requiresSignature)
                .hasValue(false);
        assertThat(accounts.find("initech")).isEmpty();
        assertThat(aws.namesRead()).containsExactly("/pagerstatus/accounts/acme/webhook-secret");
    }

    @Test
    void addingAnAccountIsAddingParametersWithoutARedeploy() {
        SsmSettings settings = settings();
        SsmWebhookAccounts accounts = accounts();
        assertThat(settings.get().accountNames()).containsExactly("acme", "globex");
        assertThat(accounts.names()).containsExactly("acme", "globex");

        aws.parameter("/pagerstatus/accounts/initech/api-key", "initech-pd-key");
        assertThat(settings.get().accountNames())
                .as("cached until the TTL passes")
                .containsExactly("acme", "globex");
        clock.advance(TTL);

        assertThat(settings.get().accountNames()).containsExactly("acme", "globex", "initech");
        assertThat(accounts.names()).containsExactly("acme", "globex", "initech");
    }

    @Test
    void aMissingParameterIsNamedWithItsPath() {
        aws.removeParameter("/pagerstatus/statuspage/api-key");

        assertThatThrownBy(() -> settings().get())
                .isInstanceOf(ConfigException.class)
                .hasMessage("SSM parameter /pagerstatus/statuspage/api-key is not set");
    }

    @Test
    void aMalformedParameterIsNamedButItsValueIsNot() {
        aws.parameter("/pagerstatus/accounts/acme/webhook-secret", "acmeSecretOne,,oops secret");

        assertThatThrownBy(() -> accounts().names())
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("SSM parameter /pagerstatus/accounts/acme/webhook-secret has an empty entry")
                .hasMessageNotContaining("acmeSecretOne");
    }

    @Test
    void readsThePolicyDocumentFromItsParameter() {
        aws.removeParameter("/pagerstatus/settings/component-status");
        aws.parameter("/pagerstatus/settings/policy", "publish:\n  resolve_after: 5m\n");

        assertThat(settings().get().policy().base().resolveAfter()).isEqualTo(java.time.Duration.ofMinutes(5));
    }

    @Test
    void aBadPolicyNamesItsParameterAndLine() {
        aws.parameter("/pagerstatus/settings/policy", "publish:\n  after: never\n");

        assertThatThrownBy(() -> settings().get())
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("SSM parameter /pagerstatus/settings/policy, line 2: publish.after must be");
    }

    @Test
    void refusesASettingItDoesNotKnowRatherThanIgnoreATypo() {
        aws.parameter("/pagerstatus/settings/incident-title", "Oh no");

        assertThatThrownBy(() -> settings().get())
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(
                        "SSM parameter /pagerstatus/settings/incident-title is not a pagerstatus setting");
    }

    @Test
    void saysWhereToPutTheFirstAccount() {
        aws.removeParameter("/pagerstatus/accounts/acme/api-key");
        aws.removeParameter("/pagerstatus/accounts/globex/api-key");

        assertThatThrownBy(() -> settings().get())
                .hasMessageContaining("put each account's REST API key in /pagerstatus/accounts/<name>/api-key");
    }

    @Test
    void readsEveryPageOfTheListing() {
        aws.pageSize(2);
        for (int i = 0; i < 15; i++) {
            aws.parameter("/pagerstatus/accounts/team" + i + "/api-key", "key-" + i);
        }

        assertThat(settings().get().accountNames()).hasSize(17);
        assertThat(aws.calls())
                .filteredOn(call -> call.operation().equals("AmazonSSM.DescribeParameters"))
                .hasSizeGreaterThan(5);
    }

    @Test
    void keepsTheLastGoodConfigurationWhenParameterStoreCannotBeReached() {
        SsmSettings settings = settings();
        settings.get();
        clock.advance(TTL);
        aws.failNext(20);

        assertThat(settings.get().accountNames()).containsExactly("acme", "globex");
    }

    @Test
    void failsClearlyWhenParameterStoreCannotBeReachedAndNothingWasReadYet() {
        aws.failNext(20);

        assertThatThrownBy(() -> accounts().names())
                .isInstanceOf(ConfigUnavailableException.class)
                .hasMessageStartingWith("SSM DescribeParameters under /pagerstatus/accounts failed");
    }

    @Test
    void usesTheConfiguredPrefix() {
        aws.parameter("/ops/status/statuspage/page-id", "other0page01")
                .parameter("/ops/status/statuspage/api-key", "k2")
                .parameter("/ops/status/accounts/initech/api-key", "k3");

        Settings settings = new SsmSettings(store, new ParameterLayout("/ops/status"), TTL, clock).get();

        assertThat(settings.pages().getFirst().id()).isEqualTo("other0page01");
        assertThat(settings.accountNames()).containsExactly("initech");
    }
}
