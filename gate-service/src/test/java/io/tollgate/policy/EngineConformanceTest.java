package io.tollgate.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.tollgate.gate.Reason;
import io.tollgate.testsupport.OpaServerFixture;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Both engines, given the same policy sources, must give the same verdict for every input. */
class EngineConformanceTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    static Stream<ConformanceCases.Case> shippedCases() {
        return ConformanceCases.shipped();
    }

    static Stream<ConformanceCases.Case> cases() {
        return ConformanceCases.all();
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class FixturePolicies {
        private OpaServerFixture opa;
        private WasmPolicyEngine wasm;
        private OpaServerPolicyEngine server;

        @BeforeAll
        void start() {
            opa = OpaServerFixture.start(PolicyFixtures.fixturePolicies());
            wasm = new WasmPolicyEngine(PolicyBundle.load(PolicyFixtures.fixtureBundle()), TIMEOUT, 2);
            server = new OpaServerPolicyEngine(opa.url(), TIMEOUT);
        }

        @AfterAll
        void stop() {
            wasm.close();
            server.close();
            opa.stop();
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("io.tollgate.policy.EngineConformanceTest#cases")
        void both_engines_give_the_expected_verdict(ConformanceCases.Case c) {
            var embedded = wasm.evaluate(c.input());
            var remote = server.evaluate(c.input());

            assertThat(embedded).isInstanceOf(PolicyResult.Evaluated.class);
            assertThat(remote).isInstanceOf(PolicyResult.Evaluated.class);
            var e = ((PolicyResult.Evaluated) embedded).verdict();
            var r = ((PolicyResult.Evaluated) remote).verdict();
            assertThat(e.outcome()).isEqualTo(c.outcome());
            assertThat(e.reasons()).extracting(Reason::code).containsExactlyElementsOf(c.codes());
            assertThat(r).isEqualTo(e);
        }
    }

    /** The bundle the service ships (classpath) against opa run on policies/: valid whatever the rules become. */
    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class ShippedPolicies {
        private OpaServerFixture opa;
        private WasmPolicyEngine wasm;
        private OpaServerPolicyEngine server;

        @BeforeAll
        void start() {
            opa = OpaServerFixture.start(PolicyFixtures.shippedPolicies());
            wasm = new WasmPolicyEngine(PolicyBundle.loadFromClasspath(), TIMEOUT, 2);
            server = new OpaServerPolicyEngine(opa.url(), TIMEOUT);
        }

        @AfterAll
        void stop() {
            wasm.close();
            server.close();
            opa.stop();
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("io.tollgate.policy.EngineConformanceTest#shippedCases")
        void both_engines_give_the_expected_verdict_of_the_shipped_rules(ConformanceCases.Case c) {
            var embedded = wasm.evaluate(c.input());
            var remote = server.evaluate(c.input());

            assertThat(embedded).as("embedded: %s", embedded).isInstanceOf(PolicyResult.Evaluated.class);
            assertThat(remote).as("opa-server: %s", remote).isInstanceOf(PolicyResult.Evaluated.class);
            var e = ((PolicyResult.Evaluated) embedded).verdict();
            assertThat(e.outcome()).isEqualTo(c.outcome());
            assertThat(e.reasons()).extracting(Reason::code).containsOnly(c.codes().toArray(String[]::new));
            assertThat(((PolicyResult.Evaluated) remote).verdict()).isEqualTo(e);
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("io.tollgate.policy.EngineConformanceTest#cases")
        void embedded_bundle_agrees_with_opa_server(ConformanceCases.Case c) {
            var embedded = wasm.evaluate(c.input());
            var remote = server.evaluate(c.input());

            // Undefined for an odd input is allowed, as long as both engines say so.
            if (embedded instanceof PolicyResult.Unavailable && remote instanceof PolicyResult.Unavailable) {
                return;
            }
            assertThat(embedded).as("embedded: %s, opa-server: %s", embedded, remote).isInstanceOf(PolicyResult.Evaluated.class);
            assertThat(remote).as("embedded: %s, opa-server: %s", embedded, remote).isInstanceOf(PolicyResult.Evaluated.class);
            assertThat(((PolicyResult.Evaluated) embedded).verdict())
                    .isEqualTo(((PolicyResult.Evaluated) remote).verdict());
        }
    }
}
