package io.tollgate.testsupport;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * A scrape target that serves exactly the Prometheus text exposition it is given on {@code GET /metrics}
 * (127.0.0.1, free port): for checking that an adapter's metric selectors match series named and labelled the way a
 * data plane exports them (Istio's {@code istio_requests_total}, a gateway's counters), with exact known values.
 */
public final class TextExporter implements AutoCloseable {
    private final HttpServer server;
    private volatile String text;

    private TextExporter(String text) {
        this.text = text;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException("could not open the exporter's port", e);
        }
        server.createContext("/metrics", exchange -> {
            byte[] body = this.text.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            try (var out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
    }

    /** Starts serving {@code text} (the whole exposition, ending with a newline). */
    public static TextExporter start(String text) {
        return new TextExporter(text);
    }

    /** Replaces what the next scrape gets. */
    public void setText(String text) {
        this.text = text;
    }

    /** {@code 127.0.0.1:<port>}, the form Prometheus' static_configs and the {@code instance} label use. */
    public String hostPort() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
