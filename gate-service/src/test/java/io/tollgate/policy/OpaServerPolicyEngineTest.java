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

    private static int closedPort() {
        try (var socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
