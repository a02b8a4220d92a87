package dev.pagerstatus.webhook;

import dev.pagerstatus.support.Secret;
import java.util.List;

/** What the receiver knows of an account: its name and its webhook secrets; never its API key. */
public record WebhookAccount(String name, List<Secret> secrets) {
    public WebhookAccount {
        secrets = List.copyOf(secrets);
    }

    public boolean requiresSignature() {
        return !secrets.isEmpty();
    }
}
