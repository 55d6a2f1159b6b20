package io.tollgate.adapter.prometheus;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.tollgate.adapter.MetricResult;
import io.tollgate.testsupport.PrometheusFixture;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Failures become Unavailable values naming the URL and the cause; none of them is cached. */
@Tag("live")
class PrometheusMetricsSourceFailureTest {

    @Test
    void answers_unavailable_naming_the_url_once_prometheus_is_stopped() {
        var prometheus = PrometheusFixture.start();
        var config = PrometheusConfig.defaults(prometheus.url()).withCacheFreshness(Duration.ZERO);
        try (var source = new PrometheusMetricsSource(config)) {
            assertThat(source.queryScalar("vector(1)", null)).isInstanceOf(MetricResult.Value.class);

            prometheus.stop();

            assertThat(prometheus.isRunning()).isFalse();
            assertThat(source.queryScalar("vector(1)", null)).isInstanceOfSatisfying(MetricResult.Unavailable.class,
                    u -> assertThat(u.detail()).contains(prometheus.url() + "/api/v1/query", "connection refused"));
            assertThat(source.healthProblem()).contains(prometheus.url() + "/-/ready", "connection refused");
        } finally {
            prometheus.close();
        }
    }

    @Test
    void honours_the_query_timeout_against_a_listener_that_never_answers() throws IOException {
        try (var blackhole = new Blackhole()) {
            var config = PrometheusConfig.defaults(blackhole.url()).withQueryTimeout(Duration.ofMillis(200));
            try (var source = new PrometheusMetricsSource(config)) {
                long start = System.nanoTime();
                var result = source.queryScalar("vector(1)", null);
                Duration took = Duration.ofNanos(System.nanoTime() - start);

                assertThat(result).isInstanceOfSatisfying(MetricResult.Unavailable.class,
                        u -> assertThat(u.detail()).contains(blackhole.url() + "/api/v1/query", "timed out"));
                assertThat(took).isBetween(Duration.ofMillis(200), Duration.ofSeconds(2));
                assertThat(source.healthProblem()).contains("timed out");
            }
        }
    }

    @Test
    void does_not_cache_an_unavailable_answer() throws IOException {
        var calls = new AtomicInteger();
        try (var stub = new StubPrometheus(exchange -> calls.incrementAndGet() == 1
                ? new Answer(503, "{\"status\":\"error\",\"errorType\":\"timeout\",\"error\":\"query timed out\"}")
                : new Answer(200, "{\"status\":\"success\",\"data\":{\"resultType\":\"scalar\",\"result\":[1700000000.5,\"0.25\"]}}"))) {
            try (var source = new PrometheusMetricsSource(PrometheusConfig.defaults(stub.url()))) {
                assertThat(source.queryScalar("q", null)).isInstanceOfSatisfying(MetricResult.Unavailable.class,
                        u -> assertThat(u.detail()).contains("HTTP 503", "timeout", "query timed out"));
                assertThat(source.queryScalar("q", null)).isInstanceOfSatisfying(MetricResult.Value.class,
                        v -> assertThat(v.value()).isEqualTo(0.25));
                assertThat(source.queryScalar("q", null)).isInstanceOf(MetricResult.Value.class);
                assertThat(calls).hasValue(2);
            }
        }
    }

    @Test
    void answers_unavailable_for_a_proxy_error_page() throws IOException {
        try (var stub = new StubPrometheus(exchange -> new Answer(502, "<html>Bad Gateway</html>"))) {
            try (var source = new PrometheusMetricsSource(PrometheusConfig.defaults(stub.url()))) {
                assertThat(source.queryScalar("up", null)).isInstanceOfSatisfying(MetricResult.Unavailable.class,
                        u -> assertThat(u.detail()).contains(stub.url() + "/api/v1/query", "HTTP 502", "Bad Gateway"));
                assertThat(source.healthProblem()).contains("HTTP 502");
            }
        }
    }

    private record Answer(int status, String body) {
    }

    private interface Responder {
        Answer answer(com.sun.net.httpserver.HttpExchange exchange);
    }

    /** A JDK HTTP server answering every path with what {@code responder} says. */
    private static final class StubPrometheus implements AutoCloseable {
        private final HttpServer server;

        StubPrometheus(Responder responder) throws IOException {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.createContext("/", exchange -> {
                Answer a = responder.answer(exchange);
                byte[] body = a.body().getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(a.status(), body.length);
                try (var out = exchange.getResponseBody()) {
                    out.write(body);
                }
            });
            server.start();
        }

        URI url() {
            return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }

    /** Accepts connections and never answers, like a hung server. */
    private static final class Blackhole implements AutoCloseable {
        private final ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        private final List<Socket> held = new CopyOnWriteArrayList<>();
        private final Thread acceptor = Thread.ofVirtual().start(this::acceptForever);

        Blackhole() throws IOException {
        }

        URI url() {
            return URI.create("http://127.0.0.1:" + socket.getLocalPort());
        }

        private void acceptForever() {
            try {
                while (!socket.isClosed()) {
                    held.add(socket.accept());
                }
            } catch (IOException closed) {
                // close() ends the loop
            }
        }

        @Override
        public void close() throws IOException {
            socket.close();
            for (Socket s : held) {
                s.close();
            }
            try {
                acceptor.join(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
