package io.tollgate.testsupport;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A tiny HTTP service version (e.g. {@code v149} stable, {@code v150} canary) on 127.0.0.1 and a free port,
 * to stand behind HAProxy in tests.
 *
 * <ul>
 *   <li>{@code GET /health}: 200 {@code ok}, or 503 after {@link #setHealthy(boolean) setHealthy(false)}
 *       (HAProxy's {@code option httpchk} then marks the server DOWN).</li>
 *   <li>{@code GET /metrics}: Prometheus text with {@code http_requests_total{version,code}} (codes 200 and 500
 *       always present) and the histogram {@code http_request_duration_seconds{version}} ({@code _bucket{le}},
 *       {@code _sum}, {@code _count}).</li>
 *   <li>Any other path: sleeps the added latency, then answers 200 {@code <version>} or 500. Errors are
 *       deterministic, not random: with ratio r, exactly {@code floor(n·r)} (±1) of n requests fail, so
 *       tests can assert exact counts.</li>
 * </ul>
 * Requests are handled on virtual threads, so added latency does not serialize them. {@code /health} and
 * {@code /metrics} are not counted as requests.
 */
public final class Backend implements AutoCloseable {
    /** Histogram bucket bounds in seconds ({@code +Inf} is added). */
    public static final double[] BUCKETS = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5};

    private final String version;
    private final HttpServer server;
    private final ExecutorService executor;
    private final long[] bucketCounts = new long[BUCKETS.length];
    private volatile boolean healthy = true;
    private volatile long addedLatencyMillis;
    private double errorRatio;
    private double errorCredit;
    private long ok;
    private long errors;
    private double durationSum;

    private Backend(String version) {
        this.version = version;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 200);
        } catch (IOException e) {
            throw new UncheckedIOException("could not open a port for backend " + version, e);
        }
        executor = Executors.newVirtualThreadPerTaskExecutor();
        server.setExecutor(executor);
        server.createContext("/health", this::health);
        server.createContext("/metrics", this::metrics);
        server.createContext("/", this::serve);
        server.start();
    }

    /** Starts a healthy backend named {@code version} with no errors and no added latency. */
    public static Backend start(String version) {
        if (version == null || !version.matches("[A-Za-z0-9_.-]+")) {
            throw new IllegalArgumentException("version must be [A-Za-z0-9_.-]+, was " + version);
        }
        return new Backend(version);
    }

    /** The name given at start, e.g. {@code v150}; also the {@code version} label and the 200 answer body. */
    public String version() {
        return version;
    }

    /** The port it listens on (127.0.0.1). */
    public int port() {
        return server.getAddress().getPort();
    }

    /** {@code 127.0.0.1:<port>}, as HAProxy's {@code server} line and Prometheus' {@code instance} use it. */
    public String hostPort() {
        return "127.0.0.1:" + port();
    }

    /** Share of subsequent requests answered 500, 0..1. */
    public synchronized void setErrorRatio(double ratio) {
        if (!(ratio >= 0 && ratio <= 1)) {
            throw new IllegalArgumentException("errorRatio must be within 0..1, was " + ratio);
        }
        this.errorRatio = ratio;
        this.errorCredit = 0;
    }

    /** Latency added to each subsequent request (not to /health or /metrics). */
    public void setAddedLatency(Duration latency) {
        if (latency.isNegative()) {
            throw new IllegalArgumentException("latency must be >= 0, was " + latency);
        }
        this.addedLatencyMillis = latency.toMillis();
    }

    /** Whether {@code /health} answers 200 (true) or 503 (false). */
    public void setHealthy(boolean healthy) {
        this.healthy = healthy;
    }

    /** Requests answered so far (200 and 500). */
    public synchronized long requests() {
        return ok + errors;
    }

    /** Requests answered 500 so far. */
    public synchronized long errors() {
        return errors;
    }

    /** The current {@code /metrics} text. */
    public synchronized String exposition() {
        var sb = new StringBuilder();
        String v = "version=\"" + version + "\"";
        sb.append("# HELP http_requests_total Requests handled, by version and status code.\n")
                .append("# TYPE http_requests_total counter\n")
                .append("http_requests_total{").append(v).append(",code=\"200\"} ").append(ok).append('\n')
                .append("http_requests_total{").append(v).append(",code=\"500\"} ").append(errors).append('\n')
                .append("# HELP http_request_duration_seconds Request latency as the backend saw it.\n")
                .append("# TYPE http_request_duration_seconds histogram\n");
        long cumulative = 0;
        for (int i = 0; i < BUCKETS.length; i++) {
            cumulative += bucketCounts[i];
            sb.append("http_request_duration_seconds_bucket{").append(v).append(",le=\"")
                    .append(le(BUCKETS[i])).append("\"} ").append(cumulative).append('\n');
        }
        long count = ok + errors;
        sb.append("http_request_duration_seconds_bucket{").append(v).append(",le=\"+Inf\"} ").append(count).append('\n')
                .append("http_request_duration_seconds_sum{").append(v).append("} ")
                .append(String.format(Locale.ROOT, "%.6f", durationSum)).append('\n')
                .append("http_request_duration_seconds_count{").append(v).append("} ").append(count).append('\n');
        return sb.toString();
    }

    /** Stops the server at once. Idempotent. */
    public void stop() {
        server.stop(0);
        executor.shutdownNow();
    }

    @Override
    public void close() {
        stop();
    }

    @Override
    public String toString() {
        return "Backend[" + version + " @ " + hostPort() + "]";
    }

    private void serve(HttpExchange exchange) throws IOException {
        long start = System.nanoTime();
        long latency = addedLatencyMillis;
        if (latency > 0) {
            try {
                Thread.sleep(latency);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        boolean fail = nextIsError();
        exchange.getRequestBody().readAllBytes();
        // counted before answering, so a client that has its answer always finds it counted
        record(fail, (System.nanoTime() - start) / 1e9);
        respond(exchange, fail ? 500 : 200, fail ? "error from " + version + "\n" : version + "\n");
    }

    private synchronized boolean nextIsError() {
        errorCredit += errorRatio;
        if (errorCredit >= 1 - 1e-9) {
            errorCredit -= 1;
            return true;
        }
        return false;
    }

    private synchronized void record(boolean failed, double seconds) {
        if (failed) {
            errors++;
        } else {
            ok++;
        }
        durationSum += seconds;
        for (int i = 0; i < BUCKETS.length; i++) {
            if (seconds <= BUCKETS[i]) {
                bucketCounts[i]++;
                break;
            }
        }
    }

    private void health(HttpExchange exchange) throws IOException {
        boolean up = healthy;
        respond(exchange, up ? 200 : 503, up ? "ok\n" : "unhealthy\n");
    }

    private void metrics(HttpExchange exchange) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
        respond(exchange, 200, exposition());
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length);
        try (var out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static String le(double bound) {
        return bound == Math.rint(bound) ? String.valueOf((long) bound) + ".0" : String.valueOf(bound);
    }
}
