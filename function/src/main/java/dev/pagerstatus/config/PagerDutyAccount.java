package dev.pagerstatus.config;

import dev.pagerstatus.support.Secret;
import java.util.List;

/**
 * One PagerDuty account pagerstatus reads. {@code name} is lower-case and is the path webhooks arrive on
 * ({@code POST /<name>}). An account may have several webhook secrets: one per webhook subscription, or two
 * while a secret is rotated. No secrets means the account accepts unsigned (V2) webhooks.
 */
public record PagerDutyAccount(String name, Secret apiKey, List<Secret> webhookSecrets) {
    public PagerDutyAccount {
        webhookSecrets = List.copyOf(webhookSecrets);
    }

    public boolean requiresSignature() {
        return !webhookSecrets.isEmpty();
    }
}
