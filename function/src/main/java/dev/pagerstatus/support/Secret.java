package dev.pagerstatus.support;

import java.util.Objects;

/**
 * An API key or webhook secret. Its {@code toString} never shows the value, so a secret that ends up in a
 * log line, an exception message or a record's generated {@code toString} stays hidden.
 */
public final class Secret {
    private final String value;

    private Secret(String value) {
        this.value = Objects.requireNonNull(value, "value");
    }

    public static Secret of(String value) {
        return new Secret(value);
    }

    /** The value itself, for the one place that must send it (an HTTP header, an HMAC key). */
    public String reveal() {
        return value;
    }

    @Override
    public String toString() {
        return "****";
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Secret secret && secret.value.equals(value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }
}
