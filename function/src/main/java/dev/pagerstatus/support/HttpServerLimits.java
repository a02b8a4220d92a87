package dev.pagerstatus.support;

import com.sun.management.UnixOperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Bounds for the JDK's built-in HTTP server, which by default lets a connection take forever to send its
 * request and keeps any number of them. The server reads these as system properties once, when its first
 * instance is built, so {@link #apply()} must run before that; a property already set (with {@code -D}) wins.
 *
 * <ul>
 *   <li>A request's headers and body must arrive within {@value #REQUEST_SECONDS} s and its answer be taken
 *       within {@value #RESPONSE_SECONDS} s; PagerDuty itself gives up after 5 s. A connection that stalls is
 *       closed.
 *   <li>At most {@value #MAX_CONNECTIONS} connections at once, and fewer when the process may open fewer files
 *       (its descriptor limit less {@value #SPARE_DESCRIPTORS}), so that accepting never fails for want of one.
 *       The cap is high on purpose: a stalled connection costs a virtual thread and a few kilobytes until the
 *       request bound cuts it off, while a low cap would let a few hundred stalled clients lock PagerDuty out.
 *       An idle keep-alive connection is closed after {@value #IDLE_SECONDS} s, and at most
 *       {@value #MAX_IDLE_CONNECTIONS} are kept idle.
 *   <li>Headers: at most {@value #MAX_HEADERS} of them, {@value #MAX_HEADER_BYTES} bytes in all, request line
 *       included; {@link HeaderBound} answers 431 past that. The server's own bound is set higher, at
 *       {@value #CUT_OFF_HEADERS} headers and {@value #CUT_OFF_HEADER_BYTES} bytes, because past it the server
 *       cannot answer: it closes the connection with the request unread, and the client sees a reset.
 *   <li>After answering a request early (a body over the limit), up to {@value #DRAIN_BYTES} bytes of what the
 *       client still sends are read and dropped, so that it can finish sending and read its 413 instead of
 *       losing it to a connection reset; the request bound still ends a client that keeps on sending.
 * </ul>
 */
public final class HttpServerLimits {
    static final int REQUEST_SECONDS = 10;
    static final int RESPONSE_SECONDS = 10;
    static final int IDLE_SECONDS = 15;
    static final int MAX_CONNECTIONS = 10_000;
    static final int SPARE_DESCRIPTORS = 256;
    static final int MAX_IDLE_CONNECTIONS = 64;
    static final int MAX_HEADERS = 100;
    static final int MAX_HEADER_BYTES = 32 * 1024;
    static final int CUT_OFF_HEADERS = 200;
    /** The JDK counts 32 bytes more per header line than are sent, so this leaves room for 200 of them. */
    static final int CUT_OFF_HEADER_BYTES = 64 * 1024;

    static final int DRAIN_BYTES = 1024 * 1024;

    private static final Map<String, String> PROPERTIES = new LinkedHashMap<>();

    static {
        PROPERTIES.put("sun.net.httpserver.maxReqTime", String.valueOf(REQUEST_SECONDS));
        PROPERTIES.put("sun.net.httpserver.maxRspTime", String.valueOf(RESPONSE_SECONDS));
        PROPERTIES.put("sun.net.httpserver.idleInterval", String.valueOf(IDLE_SECONDS));
        PROPERTIES.put("sun.net.httpserver.maxIdleConnections", String.valueOf(MAX_IDLE_CONNECTIONS));
        PROPERTIES.put("jdk.httpserver.maxConnections", String.valueOf(maxConnections()));
        PROPERTIES.put("sun.net.httpserver.maxReqHeaders", String.valueOf(CUT_OFF_HEADERS));
        PROPERTIES.put("sun.net.httpserver.maxReqHeaderSize", String.valueOf(CUT_OFF_HEADER_BYTES));
        PROPERTIES.put("sun.net.httpserver.drainAmount", String.valueOf(DRAIN_BYTES));
    }

    private HttpServerLimits() {}

    static int maxConnections() {
        long descriptors = -1;
        if (ManagementFactory.getOperatingSystemMXBean() instanceof UnixOperatingSystemMXBean unix) {
            descriptors = unix.getMaxFileDescriptorCount();
        }
        return descriptors > 0
                ? (int) Math.max(64, Math.min(MAX_CONNECTIONS, descriptors - SPARE_DESCRIPTORS))
                : MAX_CONNECTIONS;
    }

    /** Sets every bound that is not set already. Call it before the first {@code HttpServer.create}. */
    public static synchronized void apply() {
        PROPERTIES.forEach((name, value) -> {
            if (System.getProperty(name) == null) {
                System.setProperty(name, value);
            }
        });
    }
}
