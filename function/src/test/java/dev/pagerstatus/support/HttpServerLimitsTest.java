package dev.pagerstatus.support;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HttpServerLimitsTest {
    @Test
    void boundsRequestTimeConnectionsAndHeadersOfTheJdkServer() {
        HttpServerLimits.apply();

        assertThat(System.getProperty("sun.net.httpserver.maxReqTime")).isEqualTo("10");
        assertThat(System.getProperty("sun.net.httpserver.maxRspTime")).isEqualTo("10");
        assertThat(System.getProperty("sun.net.httpserver.idleInterval")).isEqualTo("15");
        // Above the 32 KB that HeaderBound answers with 431: past its own bound the server can only hang up.
        assertThat(System.getProperty("sun.net.httpserver.maxReqHeaderSize")).isEqualTo("65536");
        assertThat(System.getProperty("sun.net.httpserver.maxReqHeaders")).isEqualTo("200");
        assertThat(Integer.parseInt(System.getProperty("jdk.httpserver.maxConnections")))
                .isBetween(64, 10_000);
    }

    @Test
    void leavesRoomForOtherFilesUnderTheDescriptorLimit() {
        var os = (com.sun.management.UnixOperatingSystemMXBean)
                java.lang.management.ManagementFactory.getOperatingSystemMXBean();

        assertThat((long) HttpServerLimits.maxConnections())
                .isLessThanOrEqualTo(Math.max(64, os.getMaxFileDescriptorCount() - HttpServerLimits.SPARE_DESCRIPTORS));
    }
}
