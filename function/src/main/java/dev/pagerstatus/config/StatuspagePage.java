package dev.pagerstatus.config;

import dev.pagerstatus.support.Secret;

/** One status page pagerstatus keeps, and the API key it uses for it. */
public record StatuspagePage(String id, Secret apiKey) {}
