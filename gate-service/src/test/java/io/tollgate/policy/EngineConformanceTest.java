package io.tollgate.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.tollgate.decision.Reason;
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

    /** The same policy sources behind both engines: a real {@code opa run --server} and the Wasm bundle. */
    private record Engines(OpaServerFixture opa, WasmPolicyEngine wasm, OpaServerPolicyEngine server) implements AutoCloseable {
        static Engines start(java.nio.file.Path sources, PolicyBundle bundle) {
            var opa = OpaServerFixture.start(sources);
            return new Engines(opa, new WasmPolicyEngine(bundle, TIMEOUT, 2), new OpaServerPolicyEngine(opa.url(), TIMEOUT));
        }

        @Override
        public void close() {
            wasm.close();
            server.close();
            opa.stop();
        }
    }

    static Stream<ConformanceCases.Case> shippedCases() {
        return ConformanceCases.shipped();
    }

    static Stream<ConformanceCases.Case> overrideCases() {
        return OverrideConformanceCases.all();
    }

    static Stream<ConformanceCases.Case> cases() {
        return ConformanceCases.all();
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class FixturePolicies {
        private Engines engines;

        @BeforeAll
        void start() {
            engines = Engines.start(PolicyFixtures.fixturePolicies(), PolicyBundle.load(PolicyFixtures.fixtureBundle()));
        }

        @AfterAll
        void stop() {
            engines.close();
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("io.tollgate.policy.EngineConformanceTest#cases")
        void both_engines_give_the_expected_verdict(ConformanceCases.Case c) {
            var embedded = engines.wasm().evaluate(c.input());
            var remote = engines.server().evaluate(c.input());

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
        private Engines engines;

        @BeforeAll
        void start() {
            engines = Engines.start(PolicyFixtures.shippedPolicies(), PolicyBundle.loadFromClasspath());
        }

        @AfterAll
        void stop() {
            engines.close();
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("io.tollgate.policy.EngineConformanceTest#shippedCases")
        void both_engines_give_the_expected_verdict_of_the_shipped_rules(ConformanceCases.Case c) {
            var embedded = engines.wasm().evaluate(c.input());
            var remote = engines.server().evaluate(c.input());

            assertThat(embedded).as("embedded: %s", embedded).isInstanceOf(PolicyResult.Evaluated.class);
            assertThat(remote).as("opa-server: %s", remote).isInstanceOf(PolicyResult.Evaluated.class);
            var e = ((PolicyResult.Evaluated) embedded).verdict();
            assertThat(e.outcome()).isEqualTo(c.outcome());
            assertThat(e.reasons()).extracting(Reason::code).containsOnly(c.codes().toArray(String[]::new));
            assertThat(((PolicyResult.Evaluated) remote).verdict()).isEqualTo(e);
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("io.tollgate.policy.EngineConformanceTest#overrideCases")
        void both_engines_judge_override_creation_and_revocation_alike(ConformanceCases.Case c) {
            var embedded = engines.wasm().evaluate(PolicyEntrypoint.OVERRIDE, c.input());
            var remote = engines.server().evaluate(PolicyEntrypoint.OVERRIDE, c.input());

            assertThat(embedded).as("embedded: %s", embedded).isInstanceOf(PolicyResult.Evaluated.class);
            assertThat(remote).as("opa-server: %s", remote).isInstanceOf(PolicyResult.Evaluated.class);
            var e = ((PolicyResult.Evaluated) embedded).verdict();
            assertThat(e.outcome()).isEqualTo(c.outcome());
            assertThat(e.reasons()).extracting(Reason::code).containsExactlyElementsOf(c.codes());
            assertThat(((PolicyResult.Evaluated) remote).verdict()).isEqualTo(e);
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("io.tollgate.policy.EngineConformanceTest#cases")
        void embedded_bundle_agrees_with_opa_server(ConformanceCases.Case c) {
            var embedded = engines.wasm().evaluate(c.input());
            var remote = engines.server().evaluate(c.input());

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
