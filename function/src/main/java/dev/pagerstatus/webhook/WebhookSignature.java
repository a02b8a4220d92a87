package dev.pagerstatus.webhook;

import dev.pagerstatus.support.Secret;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * PagerDuty V3 webhook signatures: {@code X-PagerDuty-Signature} holds one or more comma-separated
 * {@code v1=<hex>} entries (several while a secret is rotated), each the lower-case hex HMAC-SHA256 of the raw
 * body bytes keyed by the subscription secret's own bytes (not base64-decoded). A delivery is genuine when any
 * entry matches any of the account's secrets; the comparison takes the same time wherever the bytes differ.
 */
public final class WebhookSignature {
    private static final String ALGORITHM = "HmacSHA256";
    private static final String VERSION_PREFIX = "v1=";
    private static final HexFormat HEX = HexFormat.of();

    private WebhookSignature() {}

    /** The header value PagerDuty would send for this body and secret. */
    public static String sign(Secret secret, byte[] body) {
        return VERSION_PREFIX + HEX.formatHex(hmac(secret, body));
    }

    public static boolean verify(byte[] body, String header, List<Secret> secrets) {
        if (header == null || header.isBlank() || secrets.isEmpty()) {
            return false;
        }
        boolean matched = false;
        for (Secret secret : secrets) {
            if (secret.reveal().isEmpty()) {
                continue;
            }
            byte[] expected = hmac(secret, body);
            for (String entry : header.split(",")) {
                String candidate = entry.strip();
                if (!candidate.startsWith(VERSION_PREFIX)) {
                    continue; // other schemes may appear later; v1 is the one PagerDuty documents
                }
                byte[] given;
                try {
                    given = HEX.parseHex(candidate.substring(VERSION_PREFIX.length()));
                } catch (IllegalArgumentException notHex) {
                    continue;
                }
                // Keep checking after a match so timing does not reveal which entry or secret matched.
                matched |= MessageDigest.isEqual(expected, given);
            }
        }
        return matched;
    }

    private static byte[] hmac(Secret secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(secret.reveal().getBytes(StandardCharsets.UTF_8), ALGORITHM));
            return mac.doFinal(body);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
