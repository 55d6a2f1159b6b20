package io.tollgate.playground;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.tollgate.testsupport.Backend;
import io.tollgate.testsupport.HaproxyFixture;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The playground's control API on 127.0.0.1 (JSON answers; bad input is 400 with {@code code}, {@code field} and
 * {@code message}):
 * <ul>
 *   <li>{@code GET /} — the backends' settings, the load rate and counters;</li>
 *   <li>{@code POST /backends/{stable|canary}?errorRatio=0..1&latencyMs=0..10000} — change one backend at run time
 *       (either parameter alone is fine); the Playground's extra services' backends are {@code NAME/stable} and
 *       {@code NAME/canary};</li>
 *   <li>{@code POST /load?rps=0..1000} — change the traffic rate through HAProxy;</li>
 *   <li>{@code GET /traffic} — the data plane's own per-destination counters: HAProxy's ({@code show stat} of the
 *       service's backend: responses, 5xx, weight, status), or the KubePlayground router's ({@code ?route=NAME}).</li>
 * </ul>
 */
public final class ControlServer implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final Map<String, Backend> backends;
    private final Map<String, Map<String, Object>> settings = new ConcurrentHashMap<>();
    private final TrafficView traffic;
    private final LoadGenerator load;

    /** What {@code GET /traffic} answers, from the data plane's own counters; {@code query} is the request's parameters. */
    @FunctionalInterface
    public interface TrafficView {
        Object read(Map<String, String> query);
    }

    /**
     * @param backends {@code stable} and {@code canary} by name
     * @param service  the HAProxy backend whose servers {@code /traffic} reports
     */
    public ControlServer(Map<String, Backend> backends, HaproxyFixture haproxy, String service, LoadGenerator load) {
        this(backends, query -> haproxyTraffic(haproxy, service), load);
    }

    /** A control API whose {@code /traffic} answers what {@code traffic} reads (the KubePlayground's router). */
    public ControlServer(Map<String, Backend> backends, TrafficView traffic, LoadGenerator load) {
        this.backends = Map.copyOf(backends);
        this.traffic = traffic;
        this.load = load;
        backends.keySet().forEach(name -> settings.put(name, new LinkedHashMap<>(Map.of("errorRatio", 0.0, "latencyMs", 0L))));
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        } catch (IOException e) {
            throw new UncheckedIOException("could not open the control port", e);
        }
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    /** {@code http://127.0.0.1:<port>} */
    public URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestMethod();
        String path = exchange.getRequestURI().getPath();
        Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
        try {
            if (method.equals("GET") && path.equals("/")) {
                respond(exchange, 200, status());
            } else if (method.equals("GET") && path.equals("/traffic")) {
                respond(exchange, 200, traffic.read(query));
            } else if (method.equals("POST") && path.startsWith("/backends/")) {
                respond(exchange, 200, changeBackend(path.substring("/backends/".length()), query));
            } else if (method.equals("POST") && path.equals("/load")) {
                load.setRate((int) number(query, "rps", 0, LoadGenerator.MAX_RATE, true));
                respond(exchange, 200, status());
            } else {
                respond(exchange, 404, error("not_found", "path", method + " " + path + " is not a control route"));
            }
        } catch (IllegalArgumentException e) {
            respond(exchange, 400, error("bad_request", null, e.getMessage()));
        } catch (BadInput e) {
            respond(exchange, e.status, error(e.status == 404 ? "not_found" : "bad_request", e.field, e.getMessage()));
        } catch (RuntimeException e) {
            respond(exchange, 502, error("unavailable", null, e.toString()));
        }
    }

    private Map<String, Object> changeBackend(String name, Map<String, String> query) {
        Backend backend = backends.get(name);
        if (backend == null) {
            throw new BadInput(404, "backend", "no backend '" + name + "'; have " + backends.keySet());
        }
        if (!query.containsKey("errorRatio") && !query.containsKey("latencyMs")) {
            throw new BadInput(400, "errorRatio", "give errorRatio (0..1) and/or latencyMs (0..10000)");
        }
        Double ratio = query.containsKey("errorRatio") ? number(query, "errorRatio", 0, 1, false) : null;
        Long latency = query.containsKey("latencyMs") ? (long) number(query, "latencyMs", 0, 10_000, true) : null;
        // both validated before either is applied: a half-applied change would be confusing in a demo
        if (ratio != null) {
            backend.setErrorRatio(ratio);
            settings.get(name).put("errorRatio", ratio);
        }
        if (latency != null) {
            backend.setAddedLatency(Duration.ofMillis(latency));
            settings.get(name).put("latencyMs", latency);
        }
        return backendStatus(name);
    }

    private Map<String, Object> status() {
        var body = new LinkedHashMap<String, Object>();
        var list = new LinkedHashMap<String, Object>();
        backends.keySet().stream().sorted().forEach(name -> list.put(name, backendStatus(name)));
        body.put("backends", list);
        body.put("load", Map.of("rps", load.rate(), "answered", load.sent(), "noAnswer", load.failed(), "skipped", load.skipped()));
        return body;
    }

    private Map<String, Object> backendStatus(String name) {
        var b = backends.get(name);
        var s = new LinkedHashMap<String, Object>(settings.get(name));
        s.put("version", b.version());
        s.put("address", b.hostPort());
        s.put("requests", b.requests());
        s.put("errors", b.errors());
        return s;
    }

    private static Map<String, Object> haproxyTraffic(HaproxyFixture haproxy, String service) {
        var stats = HaproxyStats.parse(haproxy.runtime("show stat"), service);
        var body = new LinkedHashMap<String, Object>();
        body.put("backend", service);
        stats.servers().forEach((name, s) -> body.put(name, Map.of("responses", s.responses(), "errors5xx", s.errors5xx(),
                "weight", s.weight(), "status", s.status())));
        return body;
    }

    private static double number(Map<String, String> query, String field, double min, double max, boolean whole) {
        String raw = query.get(field);
        if (raw == null) {
            throw new BadInput(400, field, field + " is required");
        }
        double v;
        try {
            v = Double.parseDouble(raw);
        } catch (NumberFormatException e) {
            throw new BadInput(400, field, field + " must be a number, was '" + raw + "'");
        }
        if (!(v >= min && v <= max) || (whole && v != Math.rint(v))) {
            throw new BadInput(400, field, field + " must be " + (whole ? "a whole number " : "") + "within " + fmt(min) + ".."
                    + fmt(max) + ", was " + raw);
        }
        return v;
    }

    private static String fmt(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }

    private static Map<String, String> query(String raw) {
        var out = new LinkedHashMap<String, String>();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            out.put(k, v);
        }
        return out;
    }

    private static Map<String, Object> error(String code, String field, String message) {
        var body = new LinkedHashMap<String, Object>();
        body.put("code", code);
        body.put("field", field);
        body.put("message", message);
        return body;
    }

    private static void respond(HttpExchange exchange, int status, Object body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (var out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** Bad input: the HTTP status, the offending field and a message that says what is allowed. */
    private static final class BadInput extends RuntimeException {
        final int status;
        final String field;

        BadInput(int status, String field, String message) {
            super(message);
            this.status = status;
            this.field = field;
        }
    }
}
