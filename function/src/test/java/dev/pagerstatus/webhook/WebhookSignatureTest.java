package dev.pagerstatus.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pagerstatus.support.Secret;
import dev.pagerstatus.testing.Fixtures;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Signature checks, starting from PagerDuty's own test vector (go-pagerduty webhookv3_test.go). */
class WebhookSignatureTest {
    private static final Secret OFFICIAL_SECRET =
            Secret.of("lDQHScfUeXUKaQRNF+8XIiDKZ7XX3itBAYzwU0TARw8lJqRnkKl2iB1anSb0Z+IK");
    private static final byte[] OFFICIAL_BODY = Fixtures.bytes("webhooks/official-test-vector-priority-updated.json");
    private static final String OFFICIAL_SIGNATURE =
            "v1=0c0b9495b893a39e70d1fea2fe11fbe0a825f88b9f67846f6cc07dd2bc5476cd";
    private static final String OFFICIAL_MISMATCH =
            "v1=7020c8a7ec668a9b7012bc3dd82e483394b038f4230acc6785efbf2a7d8bcaf5";

    @Test
    void acceptsPagerDutysOfficialTestVector() {
        assertThat(OFFICIAL_BODY).hasSize(1655);
        assertThat(WebhookSignature.verify(OFFICIAL_BODY, OFFICIAL_SIGNATURE, List.of(OFFICIAL_SECRET)))
                .isTrue();
        assertThat(WebhookSignature.sign(OFFICIAL_SECRET, OFFICIAL_BODY)).isEqualTo(OFFICIAL_SIGNATURE);
    }

    @Test
    void rejectsTheOfficialMismatchingSignature() {
        assertThat(WebhookSignature.verify(OFFICIAL_BODY, OFFICIAL_MISMATCH, List.of(OFFICIAL_SECRET)))
                .isFalse();
    }

    @Test
    void rejectsATamperedBody() {
        byte[] tampered = new String(OFFICIAL_BODY, StandardCharsets.UTF_8)
                .replace("\"status\":\"triggered\"", "\"status\":\"resolved\"")
                .getBytes(StandardCharsets.UTF_8);

        assertThat(WebhookSignature.verify(tampered, OFFICIAL_SIGNATURE, List.of(OFFICIAL_SECRET)))
                .isFalse();
    }

    @Test
    void acceptsAnyMatchingEntryDuringASecretRotation() {
        String rotating = OFFICIAL_MISMATCH + "," + OFFICIAL_SIGNATURE;
        String spaced = OFFICIAL_MISMATCH + ", " + OFFICIAL_SIGNATURE;

        assertThat(WebhookSignature.verify(OFFICIAL_BODY, rotating, List.of(OFFICIAL_SECRET)))
                .isTrue();
        assertThat(WebhookSignature.verify(OFFICIAL_BODY, spaced, List.of(OFFICIAL_SECRET)))
                .isTrue();
    }

    @Test
    void acceptsTheOldOrTheNewSecretWhileBothAreConfigured() {
        Secret newSecret = Secret.of("9Jv0ZrXw3E+newSecretAfterRotation0000000000000000000000000000");
        String signedWithNew = WebhookSignature.sign(newSecret, OFFICIAL_BODY);

        assertThat(WebhookSignature.verify(OFFICIAL_BODY, signedWithNew, List.of(OFFICIAL_SECRET, newSecret)))
                .isTrue();
        assertThat(WebhookSignature.verify(OFFICIAL_BODY, OFFICIAL_SIGNATURE, List.of(OFFICIAL_SECRET, newSecret)))
                .isTrue();
        assertThat(WebhookSignature.verify(OFFICIAL_BODY, signedWithNew, List.of(OFFICIAL_SECRET)))
                .isFalse();
    }

    @Test
    void ignoresEntriesOfOtherVersionsAndEntriesThatAreNotHex() {
        String hex = OFFICIAL_SIGNATURE.substring(3);

        assertThat(WebhookSignature.verify(OFFICIAL_BODY, "v0=" + hex, List.of(OFFICIAL_SECRET)))
                .isFalse();
        assertThat(WebhookSignature.verify(OFFICIAL_BODY, "v1=not-hex," + OFFICIAL_SIGNATURE, List.of(OFFICIAL_SECRET)))
                .isTrue();
        assertThat(WebhookSignature.verify(OFFICIAL_BODY, hex, List.of(OFFICIAL_SECRET)))
                .isFalse();
    }

    @Test
    void rejectsAMissingOrEmptyHeader() {
        assertThat(WebhookSignature.verify(OFFICIAL_BODY, null, List.of(OFFICIAL_SECRET)))
                .isFalse();
        assertThat(WebhookSignature.verify(OFFICIAL_BODY, "", List.of(OFFICIAL_SECRET)))
                .isFalse();
        assertThat(WebhookSignature.verify(OFFICIAL_BODY, "v1=", List.of(OFFICIAL_SECRET)))
                .isFalse();
    }

    @Test
    void anEmptySecretOrNoSecretVerifiesNothing() {
        Secret empty = Secret.of("");
        String signedWithEmptyKey = "v1=" + java.util.HexFormat.of().formatHex(hmacWithEmptyKey(OFFICIAL_BODY));

        assertThat(WebhookSignature.verify(OFFICIAL_BODY, signedWithEmptyKey, List.of(empty)))
                .isFalse();
        assertThat(WebhookSignature.verify(OFFICIAL_BODY, OFFICIAL_SIGNATURE, List.of()))
                .isFalse();
    }

    /** What an attacker would send if an empty secret were accepted as a key: HMAC with a zero-length key. */
    private static byte[] hmacWithEmptyKey(byte[] body) {
        // SecretKeySpec refuses an empty key, which is itself why an empty secret must never "verify".
        try {
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(new javax.crypto.spec.SecretKeySpec(new byte[64], "HmacSHA256"));
            return mac.doFinal(body);
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
