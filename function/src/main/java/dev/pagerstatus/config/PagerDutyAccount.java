package dev.pagerstatus.config;

import dev.pagerstatus.support.Secret;
import java.util.List;
import java.util.Optional;

/**
 * One PagerDuty account pagerstatus reads. {@code name} is lower-case and is the path webhooks arrive on
 * ({@code POST /<name>}). An account may have several webhook secrets: one per webhook subscription, or two
 * while a secret is rotated. No secrets means the account accepts unsigned (V2) webhooks. {@code noteWriter}
 * is how pagerstatus writes notes on the account's incidents, if it may (empty: it writes none).
 */
public record PagerDutyAccount(
        String name, Secret apiKey, List<Secret> webhookSecrets, Optional<NoteWriter> noteWriter) {
    public PagerDutyAccount {
        webhookSecrets = List.copyOf(webhookSecrets);
    }

    public PagerDutyAccount(String name, Secret apiKey, List<Secret> webhookSecrets) {
        this(name, apiKey, webhookSecrets, Optional.empty());
    }

    /**
     * A key allowed to write notes (the reading key stays read-only), and the e-mail of the PagerDuty user the
     * notes are from, which PagerDuty requires in the {@code From} header with an account key.
     */
    public record NoteWriter(Secret key, String from) {}

    public boolean requiresSignature() {
        return !webhookSecrets.isEmpty();
    }
}
