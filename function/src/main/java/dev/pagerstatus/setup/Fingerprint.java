package dev.pagerstatus.setup;

import dev.pagerstatus.support.Secret;
import dev.pagerstatus.webhook.WebhookSignature;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How setup knows, later, which configured secret belongs to which subscription, when PagerDuty never shows a
 * secret again: the subscription's description carries a short fingerprint of its secret (the first 8 hex
 * digits of an HMAC keyed with it). Eight digits cannot give back a 64-digit random secret, but they tell which
 * of the configured secrets a subscription signs with, and whether any does.
 */
public final class Fingerprint {
    private static final byte[] LABEL = "pagerstatus webhook secret fingerprint".getBytes(StandardCharsets.UTF_8);
    private static final Pattern IN_DESCRIPTION =
            Pattern.compile("^pagerstatus ([a-z0-9_-]+) \\(secret ([0-9a-f]{8})\\)");

    private Fingerprint() {}

    public static String of(Secret secret) {
        return WebhookSignature.sign(secret, LABEL).substring("v1=".length(), "v1=".length() + 8);
    }

    /** {@code pagerstatus acme (secret 1a2b3c4d)}: which account the subscription is for, and its secret's print. */
    public static String description(String account, Secret secret) {
        return "pagerstatus " + account + " (secret " + of(secret) + ")";
    }

    /** The account a description made by {@link #description} names, if it is one. */
    public static Optional<String> account(String description) {
        Matcher matcher = IN_DESCRIPTION.matcher(description);
        return matcher.find() ? Optional.of(matcher.group(1)) : Optional.empty();
    }

    /** The fingerprint a description made by {@link #description} carries, if it is one. */
    public static Optional<String> inDescription(String description) {
        Matcher matcher = IN_DESCRIPTION.matcher(description);
        return matcher.find() ? Optional.of(matcher.group(2)) : Optional.empty();
    }
}
