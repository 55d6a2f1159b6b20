package io.tollgate.testsupport;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A tiny scrape target: {@code GET /metrics} on 127.0.0.1 (free port) answers, in the Prometheus text
 * format, {@code http_requests_total{service="<service>",code="200"}} and {@code code="500"}.
 *
 * <p>A ticker adds {@code rate * 0.1} requests every 100 ms, split by the current error ratio. Both series
 * exist from the start (the error series at 0), so a ratio query is never an empty vector. Values are
 * fractional and exact, so the scraped ratio equals the set ratio once the query window is full.
 * The ticker and the server stop on {@link #close()}.
 */
public final class CounterTarget implements AutoCloseable {
    private static final long TICK_MILLIS = 100;
    private final String service;
    private final HttpServer server;
    private final ScheduledExecutorService ticker;
    private double requestsPerSecond;
    private double errorRatio;
    private double ok;
    private double errors;
    private long scrapes;

    private CounterTarget(String service, double requestsPerSecond, double errorRatio) {
        this.service = service;
        this.requestsPerSecond = requestsPerSecond;
        this.errorRatio = errorRatio;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException("could not open the counter target's port", e);
        }
        server.createContext("/metrics", this::serve);
        server.start();
        ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            var t = new Thread(r, "counter-target-ticker");
            t.setDaemon(true);
            return t;
        });
        ticker.scheduleAtFixedRate(this::tick, TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** Starts a target for {@code service} at {@code requestsPerSecond} with {@code errorRatio} (0..1) errors. */
    public static CounterTarget start(String service, double requestsPerSecond, double errorRatio) {
        checkRatio(errorRatio);
        return new CounterTarget(service, requestsPerSecond, errorRatio);
    }

    /** {@code 127.0.0.1:<port>}, the form Prometheus' static_configs and the {@code instance} label use. */
    public String hostPort() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    /** Changes the request rate from the next tick on. */
    public synchronized void setRequestRate(double requestsPerSecond) {
        if (requestsPerSecond < 0) {
            throw new IllegalArgumentException("requestsPerSecond must be >= 0, was " + requestsPerSecond);
        }
        this.requestsPerSecond = requestsPerSecond;
    }

    /** Changes the share of new requests that fail (0..1) from the next tick on; past counts stay. */
    public synchronized void setErrorRatio(double errorRatio) {
        checkRatio(errorRatio);
        this.errorRatio = errorRatio;
    }

    /** Total requests counted so far (both codes). */
    public synchronized double totalRequests() {
        return ok + errors;
    }

    /** How many times {@code /metrics} was served. */
    public synchronized long scrapes() {
        return scrapes;
    }

    /** The current exposition text. */
    public synchronized String exposition() {
        return "# HELP http_requests_total Requests handled, by status code.\n"
                + "# TYPE http_requests_total counter\n"
                + "http_requests_total{service=\"" + service + "\",code=\"200\"} " + ok + "\n"
                + "http_requests_total{service=\"" + service + "\",code=\"500\"} " + errors + "\n";
    }

    /** Stops the ticker and the server. Idempotent. */
    public void stop() {
        ticker.shutdownNow();
        server.stop(0);
    }

    @Override
    public void close() {
        stop();
    }

    private synchronized void tick() {
        double added = requestsPerSecond * TICK_MILLIS / 1000.0;
        errors += added * errorRatio;
        ok += added * (1 - errorRatio);
    }

    private void serve(HttpExchange exchange) throws IOException {
        byte[] body;
        synchronized (this) {
            scrapes++;
            body = exposition().getBytes(StandardCharsets.UTF_8);
        }
        exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
        exchange.sendResponseHeaders(200, body.length);
        try (var out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private static void checkRatio(double ratio) {
        if (!(ratio >= 0 && ratio <= 1)) {
            throw new IllegalArgumentException("errorRatio must be within 0..1, was " + ratio);
        }
    }
}
