package dev.pagerstatus.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pagerstatus.http.ApiException;
import dev.pagerstatus.pagerduty.WebhookSubscription;
import dev.pagerstatus.setup.Fingerprint;
import dev.pagerstatus.support.Secret;
import java.net.URI;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ChecksTest {
    private static final URI BASE = URI.create("https://hooks.example.com");
    private static final Secret SECRET = Secret.of("0f1e2d3c4b5a69788796a5b4c3d2e1f0");
    private static final Set<String> EVENTS = Set.of("incident.triggered", "incident.resolved");
    private static final LocalDate TODAY = LocalDate.parse("2026-12-06");

    private static WebhookSubscription subscription(URI url, boolean active, boolean disabled, String description) {
        return new WebhookSubscription(
                "P1", url, description, List.copyOf(EVENTS), WebhookSubscription.Scope.ACCOUNT, active, disabled);
    }

    private static Check check(WebhookSubscription... listed) {
        return Checks.subscriptions("acme", List.of(listed), EVENTS, Optional.of(BASE), Set.of(Fingerprint.of(SECRET)));
    }

    @Test
    void aKeyRefusedAtTheUsUrlMentionsPagerDutysEuRegion() {
        Check check = Checks.pagerDutyKey(
                "acme",
                URI.create("https://api.pagerduty.com"),
                Optional.of(new ApiException(
                        "PagerDuty", "GET", "https://api.pagerduty.com/log_entries", 401, "Unauthorized")));

        assertThat(check.status()).isEqualTo(Check.Status.FAILED);
        assertThat(check.found()).contains("account acme");
        assertThat(check.fix()).contains("PAGERDUTY_API_URL=https://api.eu.pagerduty.com");
    }

    @Test
    void passesOneEnabledSubscriptionWithTheEventsAndAConfiguredSecret() {
        assertThat(check(subscription(URI.create(BASE + "/acme"), true, false, Fingerprint.description("acme", SECRET)))
                        .status())
                .isEqualTo(Check.Status.PASSED);
    }

    @Test
    void failsASubscriptionPagerDutyDisabled() {
        Check check =
                check(subscription(URI.create(BASE + "/acme"), true, true, Fingerprint.description("acme", SECRET)));

        assertThat(check.status()).isEqualTo(Check.Status.FAILED);
        assertThat(check.found()).contains("disabled by PagerDuty after failed deliveries");
    }

    @Test
    void failsASubscriptionLeftAtAnOldUrl() {
        Check check = check(
                subscription(URI.create(BASE + "/acme"), true, false, Fingerprint.description("acme", SECRET)),
                new WebhookSubscription(
                        "P2",
                        URI.create("https://old.example.com/acme"),
                        "",
                        List.copyOf(EVENTS),
                        WebhookSubscription.Scope.ACCOUNT,
                        true,
                        false));

        assertThat(check.found()).contains("left at an old URL: https://old.example.com/acme");
    }

    @Test
    void warnsOfASubscriptionWhoseSecretSetupCannotTellIsConfigured() {
        Check check = check(subscription(URI.create(BASE + "/acme"), true, false, "made by hand"));

        assertThat(check.status()).isEqualTo(Check.Status.WARNING);
        assertThat(check.found()).contains("whether its secret is configured cannot be told");
    }

    @Test
    void failsASubscriptionSetupMadeWhoseSecretIsNotConfigured() {
        Secret other = Secret.of("another-secret-0123456789abcdef");
        Check check =
                check(subscription(URI.create(BASE + "/acme"), true, false, Fingerprint.description("acme", other)));

        assertThat(check.status()).isEqualTo(Check.Status.FAILED);
        assertThat(check.found())
                .contains("its secret (" + Fingerprint.of(other) + ") is configured nowhere")
                .contains("every delivery will be refused");
        assertThat(check.fix()).isEqualTo("pagerstatus setup --url " + BASE + " --apply");
    }

    @Test
    void failsAnExpiredStatuspageKeyAndPassesOneFarFromExpiry() {
        assertThat(Checks.keyExpiry(Optional.of(TODAY.minusDays(1)), TODAY).status())
                .isEqualTo(Check.Status.FAILED);
        assertThat(Checks.keyExpiry(Optional.of(TODAY.plusDays(30)), TODAY).status())
                .isEqualTo(Check.Status.WARNING);
        assertThat(Checks.keyExpiry(Optional.of(TODAY.plusDays(31)), TODAY).status())
                .isEqualTo(Check.Status.PASSED);
    }

    @Test
    void failsASecretParameterThatIsNotASecureString() {
        Check check = Checks.parameters(
                "/pagerstatus",
                Map.of(
                        "/pagerstatus/statuspage/page-id", "String",
                        "/pagerstatus/statuspage/api-key", "SecureString",
                        "/pagerstatus/accounts/acme/api-key", "SecureString",
                        "/pagerstatus/accounts/acme/webhook-secret", "String"));

        assertThat(check.status()).isEqualTo(Check.Status.FAILED);
        assertThat(check.found())
                .isEqualTo("/pagerstatus/accounts/acme/webhook-secret is a String, not a SecureString");
    }
}
