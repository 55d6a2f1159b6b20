package io.tollgate.policy;

import static io.tollgate.policy.PolicyFixtures.anInput;
import static io.tollgate.policy.PolicyFixtures.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.tollgate.decision.Outcome;
import io.tollgate.testsupport.OpaServerFixture;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class OpaServerPolicyEngineTest {
    private static OpaServerFixture echo;

    @BeforeAll
    static void startEchoServer() {
        echo = OpaServerFixture.start(PolicyFixtures.echoPolicies());
    }

    @AfterAll
    static void stopEchoServer() {
        echo.stop();
    }

    @Test
    void evaluates_and_reports_a_revision_over_the_policy_sources() {
        try (var engine = new OpaServerPolicyEngine(echo.url(), Duration.ofSeconds(2))) {
            var result = engine.evaluate(json("{\"decision\": {\"outcome\": \"hold\", \"reasons\": [{\"code\": \"c\", \"message\": \"m\"}]}}"));
            assertThat(engine.kind()).isEqualTo("opa-server");
            assertThat(result).isInstanceOf(PolicyResult.Evaluated.class);
            assertThat(((PolicyResult.Evaluated) result).verdict().outcome()).isEqualTo(Outcome.HOLD);
            assertThat(result.policyRevision()).matches("opa-server:sha256:[0-9a-f]{64}");
            assertThat(engine.evaluate(json("{}")).policyRevision()).isEqualTo(result.policyRevision());
            assertThat(engine.healthProblem()).isNull();
        }
    }

    @Test
    void reports_an_undefined_decision_as_unavailable() {
        try (var engine = new OpaServerPolicyEngine(echo.url(), Duration.ofSeconds(2))) {
            var result = engine.evaluate(json("{}"));
            assertThat(result).isInstanceOf(PolicyResult.Unavailable.class);
            assertThat(((PolicyResult.Unavailable) result).detail())
                    .isEqualTo("opa-server at " + echo.url() + " has no data.tollgate.decision for this input"
                            + " (undefined: is the tollgate package loaded?)");
        }
    }

    @Test
    void reports_an_unknown_outcome_as_unavailable_like_the_embedded_engine() {
        var input = json("{\"decision\": {\"outcome\": \"maybe\"}}");
        try (var engine = new OpaServerPolicyEngine(echo.url(), Duration.ofSeconds(2));
                var wasm = new WasmPolicyEngine(PolicyBundle.load(PolicyFixtures.echoBundle()), Duration.ofSeconds(2), 1)) {
            var remote = (PolicyResult.Unavailable) engine.evaluate(input);
            var embedded = (PolicyResult.Unavailable) wasm.evaluate(input);
            String problem = "decision.outcome must be one of allow, deny, hold, got \"maybe\"";
            assertThat(remote.detail()).isEqualTo("opa-server at " + echo.url() + " returned a malformed decision: " + problem);
            assertThat(embedded.detail()).endsWith(": " + problem);
        }
    }

    @Test
    void reports_malformed_reasons_as_unavailable() {
        try (var engine = new OpaServerPolicyEngine(echo.url(), Duration.ofSeconds(2))) {
            var result = engine.evaluate(json("{\"decision\": {\"outcome\": \"deny\", \"reasons\": [{\"code\": \"x\", \"message\": 3}]}}"));
            assertThat(((PolicyResult.Unavailable) result).detail()).endsWith("decision.reasons[0].message must be a string, got 3");
        }
    }

    @Test
    void reports_a_stopped_server_as_unreachable_naming_the_url() {
        var opa = OpaServerFixture.start(PolicyFixtures.fixturePolicies());
        try (var engine = new OpaServerPolicyEngine(opa.url(), Duration.ofSeconds(1))) {
            assertThat(engine.evaluate(anInput().build())).isInstanceOf(PolicyResult.Evaluated.class);
            opa.stop();

            var result = engine.evaluate(anInput().build());

            assertThat(result).isInstanceOf(PolicyResult.Unavailable.class);
            // A pooled keep-alive connection may be the one that finds the server gone: closed, not refused.
            assertThat(((PolicyResult.Unavailable) result).detail()).isIn(
                    "opa-server unreachable at " + opa.url() + ": connection refused",
                    "opa-server unreachable at " + opa.url() + ": connection closed before an answer");
            assertThat(engine.healthProblem()).isIn(
                    "opa-server unreachable at " + opa.url() + ": connection refused",
                    "opa-server unreachable at " + opa.url() + ": connection closed before an answer");
        } finally {
            opa.stop();
        }
    }

    @Test
    void reports_a_closed_port_as_unreachable() {
        var url = URI.create("http://127.0.0.1:" + closedPort());
        try (var engine = new OpaServerPolicyEngine(url, Duration.ofMillis(500))) {
            var result = engine.evaluate(anInput().build());
            assertThat(((PolicyResult.Unavailable) result).detail()).isEqualTo("opa-server unreachable at " + url + ": connection refused");
            assertThat(result.policyRevision()).isEqualTo("unknown");
        }
    }

    @Test
    @Timeout(30)
    void gives_up_on_a_slow_server_after_the_timeout() {
        try (var opa = OpaServerFixture.start(PolicyFixtures.fixturePolicies());
                var engine = new OpaServerPolicyEngine(opa.url(), Duration.ofMillis(200))) {
            long start = System.nanoTime();
            var result = engine.evaluate(anInput().service("heavy").build());
            long tookMs = (System.nanoTime() - start) / 1_000_000;

            assertThat(((PolicyResult.Unavailable) result).detail())
                    .isEqualTo("opa-server at " + opa.url() + " did not answer within 200 ms");
            assertThat(tookMs).isLessThan(2_000);
        }
    }

    @Test
    @Timeout(30)
    void retries_once_on_a_fresh_connection_when_an_answer_is_misread() throws Exception {
        // What the HTTP/1 client did about once in 1,400 answers under load: the status line lost its first byte.
        try (var server = new ScriptedServer("TTP/1.1 200 OK", "HTTP/1.1 200 OK");
                var engine = new OpaServerPolicyEngine(server.url(), Duration.ofSeconds(2))) {
            var result = engine.evaluate(anInput().build());

            assertThat(result).isInstanceOf(PolicyResult.Evaluated.class);
            assertThat(((PolicyResult.Evaluated) result).verdict().outcome()).isEqualTo(Outcome.ALLOW);
            assertThat(server.connections()).isEqualTo(2);
        }
    }

    @Test
    @Timeout(30)
    void a_second_misread_answer_is_unavailable_and_not_retried_again() throws Exception {
        try (var server = new ScriptedServer("TTP/1.1 200 OK", "TTP/1.1 200 OK", "HTTP/1.1 200 OK");
                var engine = new OpaServerPolicyEngine(server.url(), Duration.ofSeconds(2))) {
            var result = engine.evaluate(anInput().build());

            assertThat(((PolicyResult.Unavailable) result).detail()).startsWith("opa-server unreachable at " + server.url() + ": ")
                    .contains("status line");
            assertThat(server.connections()).isEqualTo(2);
        }
    }

    /** Answers the n-th connection's one request with the n-th status line and an allow decision, then closes it. */
    private static final class ScriptedServer implements AutoCloseable {
        private static final String BODY = "{\"result\": {\"outcome\": \"allow\", \"reasons\": []}}";
        private final java.net.ServerSocket socket = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
        private final java.util.concurrent.atomic.AtomicInteger connections = new java.util.concurrent.atomic.AtomicInteger();
        private final Thread acceptor;

        ScriptedServer(String... statusLines) throws java.io.IOException {
            acceptor = Thread.ofPlatform().daemon().start(() -> {
                for (String statusLine : statusLines) {
                    try (var c = socket.accept()) {
                        connections.incrementAndGet();
                        readRequest(c.getInputStream());
                        c.getOutputStream().write((statusLine + "\r\nContent-Type: application/json\r\nContent-Length: "
                                + BODY.length() + "\r\nConnection: close\r\n\r\n" + BODY).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                    } catch (java.io.IOException e) {
                        return; // closed
                    }
                }
            });
        }

        private static void readRequest(java.io.InputStream in) throws java.io.IOException {
            var head = new StringBuilder();
            while (!head.toString().endsWith("\r\n\r\n")) {
                int b = in.read();
                if (b < 0) {
                    return;
                }
                head.append((char) b);
            }
            var length = java.util.regex.Pattern.compile("(?i)content-length: *(\\d+)").matcher(head);
            if (length.find()) {
                in.readNBytes(Integer.parseInt(length.group(1)));
            }
        }

        URI url() {
            return URI.create("http://127.0.0.1:" + socket.getLocalPort());
        }

        int connections() {
            return connections.get();
        }

        @Override
        public void close() throws Exception {
            socket.close();
            acceptor.join(5_000);
        }
    }

    private static int closedPort() {
        try (var socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
