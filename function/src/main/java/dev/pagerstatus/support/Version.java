package dev.pagerstatus.support;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The product version, stamped into the jar at build time. */
public final class Version {
    private static final String VERSION = load();

    private Version() {}

    public static String current() {
        return VERSION;
    }

    public static String userAgent() {
        return "pagerstatus/" + VERSION;
    }

    private static String load() {
        try (InputStream in = Version.class.getResourceAsStream("/dev/pagerstatus/version.properties")) {
            if (in == null) {
                return "dev";
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version", "dev");
        } catch (IOException e) {
            return "dev";
        }
    }
}
