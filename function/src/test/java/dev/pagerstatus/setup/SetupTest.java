package dev.pagerstatus.setup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pagerstatus.config.ConfigException;
import dev.pagerstatus.config.EnvFile;
import dev.pagerstatus.config.EnvironmentSettings;
import dev.pagerstatus.pagerduty.WebhookSubscription;
import dev.pagerstatus.standin.PagerDutyStandIn;
import dev.pagerstatus.support.Secret;
import dev.pagerstatus.testing.FakeWorld;
import dev.pagerstatus.testing.ReceiverStandIn;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** setup against the PagerDuty stand-in on loopback, secrets in an env file. */
class SetupTest {
    private final ReceiverStandIn receiver = ReceiverStandIn.naming("acme", "globex");
    private final URI base = receiver.base();

    @TempDir
    Path directory;

    private final FakeWorld world = new FakeWorld();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @AfterEach
    void close() {
        world.close();
        receiver.close();
    }

    private Map<String, String> env() {
        Map<String, String> env = world.environment();
        env.put("PD_ADMIN_KEY_ACME", FakeWorld.ACME_ADMIN_KEY);
        env.put("PD_ADMIN_KEY_GLOBEX", FakeWorld.GLOBEX_ADMIN_KEY);
        return env;
    }

    private Path file() {
        return directory.resolve("pagerstatus.env");
    }

    private int setup(boolean apply, boolean rotate, SecretStore store) {
        return run(
                env(),
                new Setup.Options(base, WebhookSubscription.Scope.ACCOUNT, apply, rotate, Optional.empty()),
                store);
    }

    /** Setup at {@code base} in the environment {@code env}, its secrets in the env file. */
    private int setupWith(Map<String, String> env, boolean apply) {
        return run(
                env,
                new Setup.Options(base, WebhookSubscription.Scope.ACCOUNT, apply, false, Optional.empty()),
                new EnvFileSecretStore(file(), Map.of()));
    }

    private int run(Map<String, String> env, Setup.Options options, SecretStore store) {
        return new Setup(world.clients(), store, print(out), print(err))
                .run(options, EnvironmentSettings.load(env), env);
    }

    private int setup(boolean apply) {
        return setup(apply, false, new EnvFileSecretStore(file(), Map.of()));
    }

    private static PrintStream print(ByteArrayOutputStream bytes) {
        return new PrintStream(bytes, true, StandardCharsets.UTF_8);
    }

    private String output() {
        return out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void withoutApplyPrintsThePlanAndWritesNothing() {
        assertThat(setup(false)).isZero();

        assertThat(output()).contains("acme       create", "globex     create", "run again with --apply");
        assertThat(world.pagerDuty.subscriptions("acme")).isEmpty();
        assertThat(file()).doesNotExist();
    }

    @Test
    void applyCreatesOneSubscriptionPerAccountStoresItsSecretAndPingsIt() {
        assertThat(setup(true)).isZero();

        PagerDutyStandIn.Subscription acme =
                world.pagerDuty.subscriptions("acme").getFirst();
        assertThat(acme.url()).isEqualTo(URI.create(base + "/acme"));
        assertThat(acme.events()).containsAll(SubscriptionPlanner.LIFECYCLE).contains("incident.annotated");
        assertThat(EnvFile.read(file()))
                .containsEntry("PD_WEBHOOK_SECRET_ACME", acme.secret().reveal());
        assertThat(world.pagerDuty.deliveries())
                .filteredOn(delivery -> delivery.eventType().equals("pagey.ping"))
                .hasSize(2);
        assertThat(output())
                .contains("done: ping the new subscription")
                .doesNotContain(acme.secret().reveal());
    }

    @Test
    void aSecondApplyChangesNothing() {
        setup(true);
        List<PagerDutyStandIn.Subscription> before = world.pagerDuty.subscriptions("acme");
        out.reset();

        assertThat(setup(true)).isZero();

        assertThat(output()).contains("acme       leave", "globex     leave").doesNotContain("done:");
        assertThat(world.pagerDuty.subscriptions("acme")).isEqualTo(before);
    }

    @Test
    void replacesASubscriptionWhoseSecretIsConfiguredNowhere() {
        world.pagerDuty.subscribe("acme", URI.create(base + "/acme"), Secret.of("lost-secret-0123456789"));

        assertThat(setup(true)).isZero();

        List<PagerDutyStandIn.Subscription> now = world.pagerDuty.subscriptions("acme");
        assertThat(now)
                .singleElement()
                .satisfies(subscription -> assertThat(subscription.id()).isNotEqualTo("PWH1X9K"));
        assertThat(output()).contains("acme       replace  its secret is configured nowhere");
    }

    @Test
    void enablesASubscriptionPagerDutyDisabledAndPingsItAgain() {
        setup(true);
        String id = world.pagerDuty.subscriptions("acme").getFirst().id();
        world.pagerDuty.disableTemporarily("acme", id);
        out.reset();

        assertThat(setup(true)).isZero();

        assertThat(world.pagerDuty.subscriptions("acme").getFirst().temporarilyDisabled())
                .isFalse();
        assertThat(output()).contains("acme       repair", "done: enable " + id, "done: ping " + id);
    }

    @Test
    void rotatesWithTheNewSecretAcceptedBeforeTheOldSubscriptionIsDeleted() {
        setup(true);
        Secret old = world.pagerDuty.subscriptions("acme").getFirst().secret();
        RecordingStore store = new RecordingStore(new EnvFileSecretStore(file(), Map.of()));

        assertThat(setup(true, true, store)).isZero();

        Secret fresh = world.pagerDuty.subscriptions("acme").getFirst().secret();
        assertThat(world.pagerDuty.subscriptions("acme")).hasSize(1);
        assertThat(store.writes.stream()
                        .filter(write -> write.account().equals("acme"))
                        .map(Write::secrets))
                .containsExactly(List.of(old, fresh), List.of(fresh));
    }

    @Test
    void deletesTheNewSubscriptionWhenItsSecretCannotBeStored() {
        SecretStore broken = new RecordingStore(new EnvFileSecretStore(file(), Map.of())) {
            @Override
            public void put(String account, List<Secret> secrets) throws StoreFailed {
                throw new StoreFailed("disk full", null);
            }
        };

        assertThat(setup(true, false, broken)).isEqualTo(Setup.FAILED);

        assertThat(world.pagerDuty.subscriptions("acme")).isEmpty();
        assertThat(output()).contains("could not be stored (disk full), so the subscription was deleted again");
    }

    private int setupAt(URI url) {
        return run(
                env(),
                new Setup.Options(url, WebhookSubscription.Scope.ACCOUNT, true, false, Optional.empty()),
                new EnvFileSecretStore(file(), Map.of()));
    }

    @Test
    void applyChangesNothingWhenNoReceiverAnswersAtTheUrl() {
        setup(true);
        List<PagerDutyStandIn.Subscription> before = world.pagerDuty.subscriptions("acme");
        URI dead = URI.create("http://127.0.0.1:9");

        assertThat(setupAt(dead)).isEqualTo(Setup.FAILED);

        assertThat(world.pagerDuty.subscriptions("acme")).isEqualTo(before);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .startsWith("pagerstatus: setup: nothing was changed: the receiver at " + dead + "/")
                .hasLineCount(1);
    }

    @Test
    void applyChangesNothingWhenTheUrlAnswersButNotForEveryAccount() {
        setup(true);
        List<PagerDutyStandIn.Subscription> before = world.pagerDuty.subscriptions("globex");
        try (ReceiverStandIn acmeOnly = ReceiverStandIn.naming("acme")) {
            assertThat(setupAt(acmeOnly.base())).isEqualTo(Setup.FAILED);
        }

        assertThat(world.pagerDuty.subscriptions("globex")).isEqualTo(before);
        assertThat(output()).contains("does not know globex");
    }

    @Test
    void aUrlEndingInAnAccountsNameIsRefusedBeforeAnythingChanges() {
        setup(true);
        List<PagerDutyStandIn.Subscription> before = world.pagerDuty.subscriptions("acme");

        assertThatThrownBy(() -> setupAt(URI.create(base + "/acme")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("ends in /acme, an account's name");
        assertThat(world.pagerDuty.subscriptions("acme")).isEqualTo(before);
    }

    @Test
    void aMissingAdminKeyIsAOneLineErrorNamingTheAccountAndTheKeyNeeded() {
        Map<String, String> env = env();
        env.remove("PD_ADMIN_KEY_GLOBEX");

        assertThatThrownBy(() -> setupWith(env, true))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("account globex has no PD_ADMIN_KEY_GLOBEX")
                .hasMessageContaining("may write webhook subscriptions");
    }

    @Test
    void aReadOnlyAdminKeyIsAOneLineErrorNamingTheAccount() {
        Map<String, String> env = env();
        env.put("PD_ADMIN_KEY_ACME", FakeWorld.ACME_KEY);
        world.pagerDuty.readOnly("acme");

        assertThatThrownBy(() -> setupWith(env, false))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("account acme: PD_ADMIN_KEY_ACME was refused (403)")
                .hasMessageNotContaining(FakeWorld.ACME_KEY);
    }

    @Test
    void aKeyRefusedAtItsFirstWriteIsTheSameOneLineErrorNamingTheAccountAndTheKeyNeeded() {
        world.pagerDuty.addListOnlyKey("acme", "acme-list-only-key-0123");
        Map<String, String> env = env();
        env.put("PD_ADMIN_KEY_ACME", "acme-list-only-key-0123");

        int status = setupWith(env, true);

        assertThat(status).isEqualTo(Setup.FAILED);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .isEqualTo("pagerstatus: setup: account acme: PD_ADMIN_KEY_ACME was refused (403): setup needs a"
                        + " PagerDuty key that may write webhook subscriptions (a general access key that is not"
                        + " read-only, or an Admin's user token)" + System.lineSeparator());
        assertThat(world.pagerDuty.subscriptions("acme")).isEmpty();
    }

    @Test
    void aPagerDutyThatDoesNotAnswerIsNotCalledAConfigurationError() {
        Map<String, String> env = env();
        env.put(EnvironmentSettings.PAGERDUTY_API_URL, "http://127.0.0.1:9");

        assertThatThrownBy(() -> setupWith(env, false))
                .isInstanceOf(dev.pagerstatus.config.ConfigUnavailableException.class)
                .hasMessageStartingWith("account acme: could not list webhook subscriptions: ");
    }

    @Test
    void aFullScopeIsAClearError() {
        for (int i = 0; i < 10; i++) {
            world.pagerDuty.subscribe("acme", URI.create("https://other.example.com/" + i), null);
        }

        assertThat(setup(true)).isEqualTo(Setup.FAILED);

        assertThat(output()).contains("acme       blocked  the account scope already has 10 subscriptions");
    }

    @Test
    void aRecordedKeyExpiryThatIsNotADateIsRefusedBeforeAnythingIsDone() throws Exception {
        EnvFile.put(file(), "STATUSPAGE_KEY_EXPIRES", "tomorrow");

        assertThatThrownBy(() -> setup(true))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("'tomorrow' is not a date like 2027-03-01");

        assertThat(world.pagerDuty.subscriptions("acme")).isEmpty();
    }

    @Test
    void recordsWhenTheStatuspageKeyExpires() {
        Map<String, String> env = env();
        Setup.Options options = new Setup.Options(
                base, WebhookSubscription.Scope.ACCOUNT, true, false, Optional.of(LocalDate.parse("2027-03-01")));

        run(env, options, new EnvFileSecretStore(file(), Map.of()));

        assertThat(EnvFile.read(file())).containsEntry("STATUSPAGE_KEY_EXPIRES", "2027-03-01");
    }

    record Write(String account, List<Secret> secrets) {}

    /** A store that remembers every write, in order. */
    static class RecordingStore implements SecretStore {
        final List<Write> writes = new ArrayList<>();
        private final SecretStore inner;

        RecordingStore(SecretStore inner) {
            this.inner = inner;
        }

        @Override
        public List<Secret> secrets(String account) {
            return inner.secrets(account);
        }

        @Override
        public void put(String account, List<Secret> secrets) throws StoreFailed {
            writes.add(new Write(account, List.copyOf(secrets)));
            inner.put(account, secrets);
        }

        @Override
        public void recordKeyExpiry(LocalDate date) throws StoreFailed {
            inner.recordKeyExpiry(date);
        }

        @Override
        public Optional<LocalDate> keyExpiry() {
            return inner.keyExpiry();
        }

        @Override
        public String where(String account) {
            return inner.where(account);
        }
    }
}
