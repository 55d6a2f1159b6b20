package io.tollgate.policy;

import static io.tollgate.policy.PolicyFixtures.anInput;
import static io.tollgate.policy.PolicyFixtures.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.tollgate.decision.Outcome;
import io.tollgate.decision.Reason;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class WasmPolicyEngineTest {

    private static WasmPolicyEngine fixtureEngine(Duration timeout, int poolSize) {
        return new WasmPolicyEngine(PolicyBundle.load(PolicyFixtures.fixtureBundle()), timeout, poolSize);
    }

    @Test
    void stamps_results_with_the_bundle_revision_and_kind() {
        var bundle = PolicyBundle.load(PolicyFixtures.fixtureBundle());
        try (var engine = new WasmPolicyEngine(bundle, Duration.ofSeconds(2), 1)) {
            var result = engine.evaluate(anInput().build());
            assertThat(engine.kind()).isEqualTo("embedded");
            assertThat(result.policyRevision()).isEqualTo(bundle.revision()).startsWith("sha256:");
            assertThat(engine.healthProblem()).isNull();
        }
    }

    @Test
    @Timeout(30)
    void gives_up_after_the_timeout_and_recovers_for_the_next_evaluation() {
        // One instance and one worker: the next evaluation can only succeed if the runaway one was stopped.
        try (var engine = fixtureEngine(Duration.ofMillis(200), 1)) {
            long start = System.nanoTime();
            var slow = engine.evaluate(anInput().service("heavy").build());
            long tookMs = (System.nanoTime() - start) / 1_000_000;

            assertThat(slow).isInstanceOf(PolicyResult.Unavailable.class);
            assertThat(((PolicyResult.Unavailable) slow).detail()).isEqualTo("policy evaluation timed out after 200 ms");
            assertThat(tookMs).isLessThan(2_000);

            var next = engine.evaluate(anInput().environment("production").build());
            assertThat(next).isInstanceOf(PolicyResult.Evaluated.class);
            assertThat(((PolicyResult.Evaluated) next).verdict().outcome()).isEqualTo(Outcome.DENY);
        }
    }

    @Test
    void reports_an_undefined_decision_as_unavailable() {
        try (var engine = new WasmPolicyEngine(PolicyBundle.load(PolicyFixtures.echoBundle()), Duration.ofSeconds(2), 1)) {
            var result = engine.evaluate(json("{}"));
            assertThat(result).isInstanceOf(PolicyResult.Unavailable.class);
            assertThat(((PolicyResult.Unavailable) result).detail())
                    .isEqualTo("policy decision data.tollgate.decision is undefined for this input");
        }
    }

    @Test
    void reports_an_unknown_outcome_as_unavailable() {
        try (var engine = new WasmPolicyEngine(PolicyBundle.load(PolicyFixtures.echoBundle()), Duration.ofSeconds(2), 1)) {
            var result = engine.evaluate(json("{\"decision\": {\"outcome\": \"maybe\", \"reasons\": []}}"));
            assertThat(result).isInstanceOf(PolicyResult.Unavailable.class);
            assertThat(((PolicyResult.Unavailable) result).detail()).isEqualTo(
                    "policy returned a malformed decision: decision.outcome must be one of allow, deny, hold, got \"maybe\"");
        }
    }

    @Test
    void reports_a_deny_without_reasons_as_unavailable() {
        try (var engine = new WasmPolicyEngine(PolicyBundle.load(PolicyFixtures.echoBundle()), Duration.ofSeconds(2), 1)) {
            var result = engine.evaluate(json("{\"decision\": {\"outcome\": \"deny\", \"reasons\": []}}"));
            assertThat(((PolicyResult.Unavailable) result).detail())
                    .endsWith("decision.reasons must not be empty for outcome \"deny\"");
        }
    }

    @Test
    void refuses_a_bundle_without_the_decision_entrypoint() {
        Path bundle = buildWithEntrypoint("tollgate");
        assertThat(org.assertj.core.api.Assertions.catchThrowable(
                () -> new WasmPolicyEngine(PolicyBundle.load(bundle), Duration.ofSeconds(1), 1)))
                .isInstanceOf(PolicyBundleException.class)
                .hasMessageContaining("has no entry point tollgate/decision")
                .hasMessageContaining(bundle.toString());
    }

    @Test
    @Timeout(120)
    void four_threads_evaluating_concurrently_get_the_same_correct_verdicts() throws Exception {
        var cases = ConformanceCases.all().toList();
        try (var engine = fixtureEngine(Duration.ofSeconds(5), 4); var pool = Executors.newFixedThreadPool(4)) {
            List<Future<List<String>>> futures = new ArrayList<>();
            var latenciesMicros = new java.util.concurrent.ConcurrentLinkedQueue<Long>();
            long start = System.nanoTime();
            for (int t = 0; t < 4; t++) {
                int offset = t;
                Callable<List<String>> worker = () -> {
                    var mismatches = new ArrayList<String>();
                    for (int i = 0; i < 50; i++) {
                        var c = cases.get((i + offset) % cases.size());
                        long t0 = System.nanoTime();
                        var result = engine.evaluate(c.input());
                        latenciesMicros.add((System.nanoTime() - t0) / 1_000);
                        if (!(result instanceof PolicyResult.Evaluated ev) || ev.verdict().outcome() != c.outcome()
                                || !ev.verdict().reasons().stream().map(Reason::code).toList().equals(c.codes())) {
                            mismatches.add(c.name() + " -> " + result);
                        }
                    }
                    return mismatches;
                };
                futures.add(pool.submit(worker));
            }
            var mismatches = new ArrayList<String>();
            for (var f : futures) {
                mismatches.addAll(f.get(100, TimeUnit.SECONDS));
            }
            long elapsedMs = (System.nanoTime() - start) / 1_000_000;
            var sorted = latenciesMicros.stream().sorted().toList();
            System.out.printf("200 embedded evaluations on 4 threads: %d ms wall; per call p50 %.2f ms, p99 %.2f ms%n",
                    elapsedMs, sorted.get(sorted.size() / 2) / 1000.0, sorted.get(sorted.size() * 99 / 100) / 1000.0);
            assertThat(sorted).hasSize(200);
            assertThat(mismatches).isEmpty();
        }
    }

    @Test
    @Timeout(60)
    void one_instance_keeps_its_data_and_forgets_each_input_across_many_evaluations() {
        // One instance evaluates everything: data is loaded once, and each input replaces the previous
        // one (the heap is reset above the data), so alternating inputs must alternate verdicts.
        try (var engine = fixtureEngine(Duration.ofSeconds(5), 1)) {
            var deny = anInput().environment("production").build();
            var allow = anInput().build();
            for (int i = 0; i < 300; i++) {
                var input = i % 2 == 0 ? deny : allow;
                var result = engine.evaluate(input);
                assertThat(result).as("evaluation %d", i).isInstanceOf(PolicyResult.Evaluated.class);
                assertThat(((PolicyResult.Evaluated) result).verdict().outcome()).as("evaluation %d", i)
                        .isEqualTo(i % 2 == 0 ? Outcome.DENY : Outcome.ALLOW);
            }
        }
    }

    @Test
    void a_closed_engine_reports_itself_unavailable() {
        var engine = fixtureEngine(Duration.ofSeconds(1), 1);
        engine.close();
        assertThat(engine.healthProblem()).isEqualTo("embedded policy engine is closed");
        assertThat(engine.evaluate(anInput().build())).isInstanceOf(PolicyResult.Unavailable.class);
    }

    private static Path buildWithEntrypoint(String entrypoint) {
        try {
            Path out = java.nio.file.Files.createTempDirectory("bundle-").resolve("bundle.tar.gz");
            return io.tollgate.testsupport.OpaServerFixture.buildWasm(PolicyFixtures.echoPolicies(), entrypoint, out);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
