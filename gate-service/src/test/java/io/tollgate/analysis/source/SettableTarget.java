package io.tollgate.analysis.source;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/**
 * A scrape target on 127.0.0.1 whose counter values the test sets (including lower ones, to simulate a restart):
 * {@code GET /metrics} answers them in the Prometheus text format.
 */
final class SettableTarget implements AutoCloseable {
    private final HttpServer server;
    private final Map<String, Double> samples = new TreeMap<>();

    SettableTarget() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/metrics", exchange -> {
            byte[] body;
            synchronized (samples) {
                var text = new StringBuilder();
                samples.forEach((series, value) -> text.append(series).append(' ').append(value).append('\n'));
                body = text.toString().getBytes(StandardCharsets.UTF_8);
            }
            exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            try (var out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
    }

    /** Sets one sample, e.g. {@code set("c_total{code=\"5xx\"}", 3)}. */
    SettableTarget set(String series, double value) {
        synchronized (samples) {
            samples.put(series, value);
        }
        return this;
    }

    String hostPort() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
