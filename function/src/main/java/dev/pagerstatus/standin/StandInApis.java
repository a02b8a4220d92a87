package dev.pagerstatus.standin;

import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import dev.pagerstatus.support.HttpServerLimits;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Both stand-in APIs on one loopback port: PagerDuty under {@code /pagerduty}, Statuspage under
 * {@code /statuspage/v1}. Point {@code PAGERDUTY_API_URL} and {@code STATUSPAGE_API_URL} at
 * {@link #pagerDutyUrl()} and {@link #statuspageUrl()}.
 */
public final class StandInApis implements AutoCloseable {
    private final HttpServer server;
    private final ExecutorService executor;

    private StandInApis(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    public static StandInApis start(PagerDutyStandIn pagerDuty, StatuspageStandIn statuspage) {
        return start(pagerDuty, statuspage, List.of());
    }

    /** With filters in front of both APIs: added latency for benchmarks, a barrier for concurrency tests. */
    public static StandInApis start(PagerDutyStandIn pagerDuty, StatuspageStandIn statuspage, List<Filter> filters) {
        return start(pagerDuty, List.of(statuspage), filters);
    }

    /** Several status pages behind one Statuspage API, each answering under {@code /pages/<its id>}. */
    public static StandInApis start(
            PagerDutyStandIn pagerDuty, List<StatuspageStandIn> statuspages, List<Filter> filters) {
        HttpServerLimits.apply();
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
            server.setExecutor(executor);
            server.createContext("/pagerduty", pagerDuty).getFilters().addAll(filters);
            server.createContext("/statuspage/v1", byPage(statuspages))
                    .getFilters()
                    .addAll(filters);
            server.start();
            return new StandInApis(server, executor);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Hands each request to the page its path names; one that names no page gets the first page's 404. */
    public static HttpHandler byPage(List<StatuspageStandIn> pages) {
        return exchange -> {
            String path = exchange.getRequestURI().getPath();
            StatuspageStandIn page = pages.stream()
                    .filter(candidate -> path.contains("/pages/" + candidate.pageId() + "/"))
                    .findFirst()
                    .orElse(pages.getFirst());
            page.handle(exchange);
        };
    }

    public URI pagerDutyUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/pagerduty");
    }

    public URI statuspageUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/statuspage/v1");
    }

    /** A filter that holds every request for {@code latency}, like a distant API would. */
    public static Filter latency(java.time.Duration latency) {
        return Filter.beforeHandler("latency " + latency, exchange -> {
            try {
                Thread.sleep(latency);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
