package dev.pagerstatus.config;

/** A missing or malformed setting. The message names the setting and where it came from, never its value. */
public final class ConfigException extends RuntimeException {
    public ConfigException(String message) {
        super(message);
    }
}
