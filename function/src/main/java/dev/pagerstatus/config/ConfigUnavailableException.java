package dev.pagerstatus.config;

/** Configuration that exists but could not be read just now (e.g. Parameter Store did not answer). */
public final class ConfigUnavailableException extends RuntimeException {
    public ConfigUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
