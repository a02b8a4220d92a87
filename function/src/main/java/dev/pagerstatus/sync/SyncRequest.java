package dev.pagerstatus.sync;

/** Why a pass is wanted: which account's webhook, which delivery, which event. */
public record SyncRequest(String account, String deliveryId, String eventType) {}
