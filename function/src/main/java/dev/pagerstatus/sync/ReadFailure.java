package dev.pagerstatus.sync;

/** A read that failed; one is enough for a pass to write nothing. */
public record ReadFailure(String source, String message) {}
