package dev.pagerstatus.sync;

import dev.pagerstatus.statuspage.Component;

/**
 * The component a notice is about; {@code restore}: resolving may set it back to operational (not while
 * another incident covers it, and never out of maintenance).
 */
record Target(String page, String id, String name, Component component, boolean restore) {}
