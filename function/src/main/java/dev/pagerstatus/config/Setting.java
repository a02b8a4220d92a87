package dev.pagerstatus.config;

/**
 * A raw setting and where it came from ({@code "environment variable STATUSPAGE_KEY"} or
 * {@code "SSM parameter /pagerstatus/statuspage/api-key"}), so every error can say exactly what to fix.
 */
public record Setting(String origin, String value) {}
