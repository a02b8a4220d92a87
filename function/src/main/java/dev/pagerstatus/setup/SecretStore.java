package dev.pagerstatus.setup;

import dev.pagerstatus.support.Secret;
import java.util.List;

/**
 * Where an account's webhook secrets are configured, read and written by setup: the env file locally, Parameter
 * Store on AWS. The receiver accepts a delivery signed with any of them.
 */
public interface SecretStore {
    /** The secrets the receiver accepts for the account now. */
    List<Secret> secrets(String account);

    /** Replaces the account's secrets; fails with {@link StoreFailed}, never half-written. */
    void put(String account, List<Secret> secrets) throws StoreFailed;

    /** Records when the Statuspage key expires ({@code STATUSPAGE_KEY_EXPIRES}, or SSM {@code api-key-expires}). */
    void recordKeyExpiry(java.time.LocalDate date) throws StoreFailed;

    /** The expiry recorded, if any. */
    java.util.Optional<java.time.LocalDate> keyExpiry();

    /** Where, for messages: {@code PD_WEBHOOK_SECRET_ACME in ./pagerstatus.env}; never a value. */
    String where(String account);

    /** A secret could not be stored; the message names where, never the value. */
    final class StoreFailed extends Exception {
        public StoreFailed(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
