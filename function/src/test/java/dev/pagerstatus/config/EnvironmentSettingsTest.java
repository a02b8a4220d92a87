package dev.pagerstatus.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pagerstatus.policy.ComponentPolicy;
import dev.pagerstatus.policy.Severity;
import dev.pagerstatus.policy.Templates;
import dev.pagerstatus.policy.UpdateKind;
import dev.pagerstatus.support.Log;
import dev.pagerstatus.support.Secret;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EnvironmentSettingsTest {
    private static final String PD_KEY = "y_NbAkKc66ryYTWUXYEu";
    private static final String SP_KEY = "89a229ce1a8dbcf9ff30430fbe35eb4c";

    private static Map<String, String> env() {
        Map<String, String> env = new HashMap<>();
        env.put("STATUSPAGE_PAGE", "kctbh9vrtdwd");
        env.put("STATUSPAGE_KEY", SP_KEY);
        env.put("PD_ACCOUNT_HUGOPS", PD_KEY);
        env.put("PATH", "/usr/bin");
        return env;
    }

    @Test
    void readsThePythonToolsVariablesWithTheirDefaults() {
        Settings settings = EnvironmentSettings.load(env());

        assertThat(settings.pages().getFirst().id()).isEqualTo("kctbh9vrtdwd");
        assertThat(settings.pages().getFirst().apiKey().reveal()).isEqualTo(SP_KEY);
        assertThat(settings.accountNames()).containsExactly("hugops");
        assertThat(settings.account("HugOps")).isPresent();
        assertThat(settings.pagerDutyApiUrl()).isEqualTo(URI.create("https://api.pagerduty.com"));
        assertThat(settings.statuspageApiUrl()).isEqualTo(URI.create("https://api.statuspage.io/v1"));
        assertThat(settings.policy().base().defaultSeverity()).isEqualTo(Severity.PARTIAL_OUTAGE);
        assertThat(settings.policy().base().notifications().of(UpdateKind.OPEN)).isTrue();
        assertThat(settings.accounts().getFirst().requiresSignature()).isFalse();
    }

    @Test
    void readsSeveralAccountsAndTheirWebhookSecrets() {
        Map<String, String> env = env();
        env.put("PD_ACCOUNT_GLOBEX_EU", "other-key");
        env.put("PD_WEBHOOK_SECRET_GLOBEX_EU", "secretOne, secretTwo");
        env.put("PAGERDUTY_API_URL", "https://api.eu.pagerduty.com/");

        Settings settings = EnvironmentSettings.load(env);

        assertThat(settings.accountNames()).containsExactly("globex_eu", "hugops");
        assertThat(settings.account("globex_eu").orElseThrow().webhookSecrets())
                .extracting(Secret::reveal)
                .containsExactly("secretOne", "secretTwo");
        assertThat(settings.pagerDutyApiUrl()).isEqualTo(URI.create("https://api.eu.pagerduty.com"));
    }

    @Test
    void readsSeveralPagesOnTheOrganisationsKeyAndAPageWithItsOwn() {
        Map<String, String> env = env();
        env.put("STATUSPAGE_PAGE", "kctbh9vrtdwd, qn3v8z2r6b1c");
        env.put("STATUSPAGE_KEY_QN3V8Z2R6B1C", "internal-page-key");

        Settings settings = EnvironmentSettings.load(env);

        assertThat(settings.pageIds()).containsExactly("kctbh9vrtdwd", "qn3v8z2r6b1c");
        assertThat(settings.pages())
                .extracting(page -> page.apiKey().reveal())
                .containsExactly(SP_KEY, "internal-page-key");
    }

    @Test
    void readsAnAccountsNoteWriterWhenBothHalvesAreSet() {
        Map<String, String> env = env();
        env.put("PD_NOTE_KEY_HUGOPS", "note-key-9f2");
        env.put("PD_NOTE_FROM_HUGOPS", "statuspage-bot@hugops.example");

        PagerDutyAccount account = EnvironmentSettings.load(env).accounts().getFirst();

        assertThat(account.apiKey().reveal()).isEqualTo(PD_KEY);
        assertThat(account.noteWriter()).hasValueSatisfying(writer -> {
            assertThat(writer.key().reveal()).isEqualTo("note-key-9f2");
            assertThat(writer.from()).isEqualTo("statuspage-bot@hugops.example");
        });
        assertThat(EnvironmentSettings.load(env()).accounts().getFirst().noteWriter())
                .isEmpty();
    }

    @Test
    void refusesANoteUserThatIsNotAnEmailAddress() {
        Map<String, String> env = env();
        env.put("PD_NOTE_KEY_HUGOPS", "note-key-9f2");
        env.put("PD_NOTE_FROM_HUGOPS", "Statuspage Bot");

        assertThatThrownBy(() -> EnvironmentSettings.load(env))
                .hasMessage("environment variable PD_NOTE_FROM_HUGOPS must be the e-mail address of a PagerDuty user,"
                        + " which account keys need in the From header");
    }

    @Test
    void refusesANoteUserWhoseAddressIsNotAscii() {
        Map<String, String> env = env();
        env.put("PD_NOTE_KEY_HUGOPS", "note-key-9f2");
        env.put("PD_NOTE_FROM_HUGOPS", "jördan@exämple.com");

        assertThatThrownBy(() -> EnvironmentSettings.load(env))
                .hasMessageStartingWith("environment variable PD_NOTE_FROM_HUGOPS must be plain ASCII");
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "STATUSPAGE_PAGE|                 |environment variable STATUSPAGE_PAGE is empty",
                "STATUSPAGE_PAGE|my page/../x     |environment variable STATUSPAGE_PAGE is not a Statuspage page id",
                "STATUSPAGE_KEY |abc def          |environment variable STATUSPAGE_KEY is malformed",
                "PD_ACCOUNT_    |key              |environment variable PD_ACCOUNT_ does not name an account",
                "PD_ACCOUNT_A.B |key              |environment variable PD_ACCOUNT_A.B does not name an account",
                "PD_WEBHOOK_SECRET_HUGOPS|a,,b    |environment variable PD_WEBHOOK_SECRET_HUGOPS has an empty entry",
                "PD_WEBHOOK_SECRET_HUGOPS|        |environment variable PD_WEBHOOK_SECRET_HUGOPS is empty",
                "PD_WEBHOOK_SECRET_OTHER |s3cret  |environment variable PD_WEBHOOK_SECRET_OTHER has no matching PD_ACCOUNT_OTHER",
                "PAGERDUTY_API_URL|http://api.pagerduty.com|environment variable PAGERDUTY_API_URL must use https",
                "STATUSPAGE_API_URL|api.statuspage.io/v1   |environment variable STATUSPAGE_API_URL must be an absolute https URL",
                "PAGERSTATUS_COMPONENT_STATUS|operational|environment variable PAGERSTATUS_COMPONENT_STATUS must be one of degraded_performance, partial_outage, major_outage, under_maintenance",
                "PAGERSTATUS_INCIDENT_NAME|Problems with {{title}}|environment variable PAGERSTATUS_INCIDENT_NAME uses the unknown placeholder {{title}}",
                "PAGERSTATUS_NOTIFY_SUBSCRIBERS|maybe|environment variable PAGERSTATUS_NOTIFY_SUBSCRIBERS must be true or false",
                "PAGERSTATUS_NOTIFY_SUBSCRIBERS|yes|environment variable PAGERSTATUS_NOTIFY_SUBSCRIBERS must be true or false",
                "PAGERSTATUS_NOTIFY_SUBSCRIBERS|1|environment variable PAGERSTATUS_NOTIFY_SUBSCRIBERS must be true or false",
                "PAGERSTATUS_NOTIFY_SUBSCRIBERS|TRUE|environment variable PAGERSTATUS_NOTIFY_SUBSCRIBERS must be true or false",
                "STATUSPAGE_PAGE|kctbh9vrtdwd,,qn3v8z2r6b1c|environment variable STATUSPAGE_PAGE has an empty entry",
                "STATUSPAGE_PAGE|kctbh9vrtdwd,kctbh9vrtdwd|environment variable STATUSPAGE_PAGE names page kctbh9vrtdwd twice",
                "STATUSPAGE_KEY_OTHERPAGE|key|environment variable STATUSPAGE_KEY_OTHERPAGE names no page of STATUSPAGE_PAGE (kctbh9vrtdwd)",
                "PD_NOTE_KEY_HUGOPS|note-key|environment variable PD_NOTE_FROM_HUGOPS is not set; notes need both PD_NOTE_KEY_HUGOPS and PD_NOTE_FROM_HUGOPS",
                "PD_NOTE_FROM_HUGOPS|bot@hugops.example|environment variable PD_NOTE_KEY_HUGOPS is not set; notes need both",
                "PD_NOTE_KEY_OTHER|note-key|environment variable PD_NOTE_KEY_OTHER has no matching PD_ACCOUNT_OTHER",
                "PAGERSTATUS_COMPONENT_STATU|major_outage|environment variable PAGERSTATUS_COMPONENT_STATU is not a pagerstatus setting; the settings are PAGERSTATUS_COMPONENT_STATUS,",
            })
    void stopsWithOneLineNamingAMalformedSetting(String variable, String value, String message) {
        Map<String, String> env = env();
        env.put(variable.strip(), value == null ? "" : value.strip());

        assertThatThrownBy(() -> EnvironmentSettings.load(env))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(message)
                .hasMessageNotContaining("\n");
    }

    @ParameterizedTest
    @CsvSource({"debug", "WARN", "verbose", "0"})
    void acceptsOnlyTheLogLevelsTheReadmeLists(String level) {
        Map<String, String> env = env();
        env.put("PAGERSTATUS_LOG_LEVEL", level);

        assertThatThrownBy(() -> EnvironmentSettings.logLevel(env, Log.Level.INFO))
                .isInstanceOf(ConfigException.class)
                .hasMessage("environment variable PAGERSTATUS_LOG_LEVEL must be info, warn or error");
    }

    @Test
    void readsTheLogLevelsTheReadmeLists() {
        Map<String, String> env = env();
        assertThat(EnvironmentSettings.logLevel(env, Log.Level.WARN)).isEqualTo(Log.Level.WARN);
        env.put("PAGERSTATUS_LOG_LEVEL", "error");
        assertThat(EnvironmentSettings.logLevel(env, Log.Level.WARN)).isEqualTo(Log.Level.ERROR);
        env.put("PAGERSTATUS_LOG_LEVEL", "info");
        assertThat(EnvironmentSettings.load(env)).isNotNull();
    }

    @Test
    void namesAMissingSetting() {
        Map<String, String> env = env();
        env.remove("STATUSPAGE_KEY");

        assertThatThrownBy(() -> EnvironmentSettings.load(env))
                .hasMessage("environment variable STATUSPAGE_KEY is not set");
    }

    @Test
    void explainsWhatToSetWhenNoAccountIsConfigured() {
        Map<String, String> env = env();
        env.remove("PD_ACCOUNT_HUGOPS");

        assertThatThrownBy(() -> EnvironmentSettings.load(env))
                .hasMessageContaining("no PagerDuty account is configured: set PD_ACCOUNT_<NAME>");
    }

    @Test
    void refusesTwoVariablesForTheSameAccount() {
        Map<String, String> env = env();
        env.put("PD_ACCOUNT_hugops", "another");

        assertThatThrownBy(() -> EnvironmentSettings.load(env))
                .hasMessageContaining("both configure PagerDuty account 'hugops'");
    }

    @Test
    void neverRepeatsAKeyInAnErrorOrInToString() {
        Map<String, String> env = env();
        env.put("STATUSPAGE_KEY", SP_KEY + " trailing");

        assertThatThrownBy(() -> EnvironmentSettings.load(env)).hasMessageNotContaining(SP_KEY);
        assertThat(EnvironmentSettings.load(env()).toString())
                .doesNotContain(SP_KEY)
                .doesNotContain(PD_KEY);
    }

    @Test
    void allowsPlainHttpOnlyOnLoopback() {
        Map<String, String> env = env();
        env.put("STATUSPAGE_API_URL", "http://127.0.0.1:8081/statuspage/v1");

        assertThat(EnvironmentSettings.load(env).statuspageApiUrl().toString())
                .isEqualTo("http://127.0.0.1:8081/statuspage/v1");
    }

    @Test
    void rendersCustomPublicTextWithTheComponentNameOnly() {
        Map<String, String> env = env();
        env.put("PAGERSTATUS_INCIDENT_NAME", "{{component_name}} is degraded");
        env.put("PAGERSTATUS_COMPONENT_STATUS", "major_outage");

        Settings settings = EnvironmentSettings.load(env);

        ComponentPolicy policy = settings.policy().base();
        assertThat(policy.templates().renderName(new Templates.Values("Checkout", Severity.MAJOR_OUTAGE, null, null)))
                .isEqualTo("Checkout is degraded");
        assertThat(policy.defaultSeverity()).isEqualTo(Severity.MAJOR_OUTAGE);
    }
}
