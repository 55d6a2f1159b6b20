package io.tollgate.release;

import static io.tollgate.release.RealReleaseSystems.SERVICE;
import static io.tollgate.release.RealReleaseSystems.TRAFFIC;
import static io.tollgate.release.RealReleaseSystems.adapterLatencies;
import static io.tollgate.release.RealReleaseSystems.closeQuietly;
import static io.tollgate.release.ReleaseFixtures.events;
import static io.tollgate.release.RealReleaseSystems.ms;
import static io.tollgate.release.RealReleaseSystems.observed;
import static io.tollgate.release.RealReleaseSystems.release;
import static io.tollgate.release.ReleaseFixtures.awaitState;
import static io.tollgate.release.ReleaseFixtures.control;
import static io.tollgate.release.ReleaseFixtures.create;
import static io.tollgate.release.ReleaseFixtures.get;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tollgate.adapter.FlagTarget;
import io.tollgate.config.AdapterGuardConfig;
import io.tollgate.config.ReleasesConfig;
import io.tollgate.testsupport.Eventually;
import io.tollgate.support.TestTollgate;
import io.tollgate.testsupport.HaproxyFixture;
import io.tollgate.testsupport.UnleashFixture;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Releases meeting failures of the real systems they drive: Unleash stopped mid-rollout, HAProxy's Runtime API gone while
 * a stage is applied, and the canary weight changed by hand while baking (halt, or put back with {@code onDrift: reapply}).
 * Tollgate is wired from configuration, with per-adapter guards ({@code releases.adapterGuards}); every check of the flag
 * and the weights reads the provider itself. Prints the time from outage to halt and the adapter call latencies.
 */
@Tag("live")
class ReleaseFailureEndToEndTest {
    private static RealReleaseSystems systems;
    private static TestTollgate tollgate;
    private final List<String> started = new ArrayList<>();

    @BeforeAll
    static void startAll() {
        systems = RealReleaseSystems.start();
        // 200 ms looks, 100 ms polling; Unleash: 2 attempts 100 ms apart, 2 s each; HAProxy: 1 s each; breakers open 2 s.
        var guards = Map.of(
                "unleash", new AdapterGuardConfig(Duration.ofSeconds(2), 2, Duration.ofMillis(100), null, null, null, Duration.ofSeconds(2)),
                "haproxy", new AdapterGuardConfig(Duration.ofSeconds(1), 2, Duration.ofMillis(100), null, null, null, Duration.ofSeconds(2)));
        tollgate = systems.tollgate("release_failures", new ReleasesConfig(null, null, null, Duration.ofMillis(200), Duration.ofMillis(100),
                null, null, null, 0.2, 50).withAdapterGuards(guards));
    }

    @AfterAll
    static void stopAll() {
        System.out.println("failures e2e: adapter latencies " + adapterLatencies(tollgate.api().get("/metrics", null).text()));
        closeQuietly(tollgate);
        closeQuietly(systems);
    }

    @BeforeEach
    void stableOnly() {
        systems.unleash.start();
        systems.stableOnly();
    }

    /** Whatever a test left halted is aborted (traffic to stable, flag off), so the next release of checkout may start. */
    @AfterEach
    void abortLeftovers() {
        systems.unleash.start();
        systems.haproxy.start();
        for (String id : started) {
            String state = get(tollgate, id).json().path("state").asText();
            if (!List.of("promoted", "rolled_back", "aborted", "failed").contains(state)) {
                control(tollgate, TestTollgate.RELEASE_MANAGER_TOKEN, id, "abort", "test cleanup");
                awaitState(tollgate, id, "aborted", Duration.ofSeconds(20));
            }
        }
    }

    @Test
    void unleash_stopped_mid_rollout_halts_naming_unleash_and_a_release_manager_resumes_it_once_unleash_is_back() {
        String feature = "checkout-e2e-unleash-down";
        var flag = new FlagTarget(feature, UnleashFixture.ENVIRONMENT);
        String id = start(release(feature, "1s", "12s", "1s"));
        awaitBaking(id, "canary-5");
        assertThat(observed(systems.flags.observe(flag))).isEqualTo(5);

        long stopCalled = System.nanoTime();
        systems.unleash.stop();
        Instant down = Instant.now();
        long stopTook = ms(stopCalled);
        var halted = awaitState(tollgate, id, "halted", Duration.ofSeconds(20)).json();
        long toHalt = java.time.Duration.between(down, Instant.parse(transition(halted, "adapter_unavailable").path("at").asText())).toMillis();
        System.out.printf("failures e2e: Unleash stopped (SIGTERM took %d ms) -> release halted %d ms after it was down (look every 200 ms)%n",
                stopTook, toHalt);
        assertThat(toHalt).as("halt within a few looks of the outage").isLessThan(10_000);
        assertThat(halted.path("reason").path("code").asText()).isEqualTo("adapter_unavailable");
        assertThat(halted.path("reason").path("message").asText()).contains("flag adapter unleash unreachable")
                .containsAnyOf("refused", "Connect", "connect", "closed");
        // Halted means hands off: HAProxy keeps the stage's weight, nothing was reset.
        assertThat(observed(systems.router.observe(TRAFFIC))).isEqualTo(5);

        systems.unleash.start();
        System.out.printf("failures e2e: Unleash back after %d ms%n", systems.unleash.lastStartTook().toMillis());
        var resumed = control(tollgate, TestTollgate.RELEASE_MANAGER_TOKEN, id, "resume", "unleash is back");
        assertThat(resumed.status()).as(resumed.text()).isEqualTo(200);
        long resumedAt = System.nanoTime();
        var done = awaitState(tollgate, id, "promoted", Duration.ofSeconds(90)).json();
        System.out.printf("failures e2e: resumed -> promoted in %d ms (canary-5 baked again, 12 s)%n", ms(resumedAt));
        assertThat(observed(systems.flags.observe(flag))).isEqualTo(100);
        assertThat(observed(systems.router.observe(TRAFFIC))).isEqualTo(100);
        // canary-5 was applied a second time after the resume (re-gated, re-applied, baked), every other stage once.
        assertThat(stagesApplied(done)).containsExactly("canary-1", "canary-5", "canary-5", "canary-25", "full");
        assertThat(events(done, "resume")).singleElement().satisfies(l -> assertThat(l.path("actor").asText()).isEqualTo("release-manager-kim"));
    }

    @Test
    void haproxy_down_while_a_stage_is_applied_halts_naming_haproxy_and_puts_the_flag_back_to_the_previous_stage() {
        // Looks every 30 s, so nothing but the apply meets the outage: the release bakes canary-1, HAProxy stops, and a
        // release manager's promote makes Tollgate apply canary-5 (flag first, then traffic) while the Runtime API is gone.
        try (var slowLooks = systems.tollgate("release_haproxy_down", new ReleasesConfig(null, null, null, Duration.ofSeconds(30),
                Duration.ofMillis(100), Duration.ofSeconds(1), 2, Duration.ofMillis(100), 0.2, 50))) {
            String feature = "checkout-e2e-haproxy-down";
            var flag = new FlagTarget(feature, UnleashFixture.ENVIRONMENT);
            var created = create(slowLooks, release(feature, "60s", "60s", "1s"));
            assertThat(created.status()).as(created.text()).isEqualTo(201);
            String id = created.json().path("id").asText();
            Eventually.await("baking canary-1", Duration.ofSeconds(30), () -> get(slowLooks, id),
                    a -> "baking".equals(a.json().path("state").asText()) && "canary-1".equals(a.json().path("appliedStage").asText()));
            assertThat(observed(systems.flags.observe(flag))).isEqualTo(1);

            systems.haproxy.stop();
            long promoted = System.nanoTime();
            var answer = control(slowLooks, TestTollgate.RELEASE_MANAGER_TOKEN, id, "promote", "go on to 5%");
            assertThat(answer.status()).as(answer.text()).isEqualTo(200);
            var halted = awaitState(slowLooks, id, "halted", Duration.ofSeconds(20)).json();
            System.out.printf("failures e2e: promote with HAProxy down -> halted in %d ms%n", ms(promoted));

            assertThat(halted.path("reason").path("code").asText()).isEqualTo("adapter_failed");
            assertThat(halted.path("reason").path("message").asText())
                    .contains("traffic adapter haproxy could not apply 5%").contains("flag put back to 1%");
            assertThat(events(halted, "flag_restored")).singleElement()
                    .satisfies(l -> assertThat(l.path("percent").asInt()).isEqualTo(1));
            // Read back from Unleash itself: the flag is where the stage before had it, not at the 5% that was applied.
            assertThat(observed(systems.flags.observe(flag))).isEqualTo(1);
            assertThat(halted.path("flag").path("desiredPercent").asInt()).isEqualTo(1);

            systems.haproxy.start();
            control(slowLooks, TestTollgate.RELEASE_MANAGER_TOKEN, id, "abort", "test done");
            awaitState(slowLooks, id, "aborted", Duration.ofSeconds(20));
            System.out.println("failures e2e (haproxy down): adapter latencies "
                    + adapterLatencies(slowLooks.api().get("/metrics", null).text()));
        }
    }

    @Test
    void a_weight_changed_by_hand_while_baking_is_recorded_as_drift_and_halts() {
        String id = start(release("checkout-e2e-drift-halt", "30s", "1s", "1s"));
        awaitBaking(id, "canary-1");

        Instant edited = Instant.now();
        systems.haproxy.runtime("set server " + SERVICE + "/" + HaproxyFixture.CANARY + " weight 10");
        systems.haproxy.runtime("set server " + SERVICE + "/" + HaproxyFixture.STABLE + " weight 90");
        var halted = awaitState(tollgate, id, "halted", Duration.ofSeconds(10)).json();
        System.out.printf("failures e2e: hand edit -> drift halt %d ms%n",
                java.time.Duration.between(edited, Instant.parse(transition(halted, "drift_detected").path("at").asText())).toMillis());

        assertThat(halted.path("reason").path("code").asText()).isEqualTo("drift_detected");
        assertThat(halted.path("reason").path("message").asText()).contains("traffic adapter haproxy observed 10% but 1% was set");
        assertThat(events(halted, "drift_detected")).filteredOn(l -> l.path("kind").asText().equals("drift")).singleElement()
                .satisfies(l -> {
                    assertThat(l.path("desiredCanaryWeight").asInt()).isEqualTo(1);
                    assertThat(l.path("observedCanaryWeight").asText()).startsWith("10%");
                    assertThat(l.path("onDrift").asText()).isEqualTo("halt");
                });
        // Halt leaves the hand edit alone for a human to judge.
        assertThat(observed(systems.router.observe(TRAFFIC))).isEqualTo(10);
    }

    @Test
    void with_onDrift_reapply_a_hand_change_is_recorded_put_back_and_the_release_goes_on() throws InterruptedException {
        var body = release("checkout-e2e-drift-reapply", "6s", "1s", "1s");
        ((com.fasterxml.jackson.databind.node.ObjectNode) body.get("strategy")).put("onDrift", "reapply");
        String id = start(body);
        var baking = awaitBaking(id, "canary-1");
        String bakeUntil = baking.path("bakeUntil").asText();
        assertThat(baking.path("spec").path("onDrift").asText()).isEqualTo("reapply");

        long edited = System.nanoTime();
        systems.haproxy.runtime("set server " + SERVICE + "/" + HaproxyFixture.CANARY + " weight 10");
        systems.haproxy.runtime("set server " + SERVICE + "/" + HaproxyFixture.STABLE + " weight 90");
        Eventually.await("HAProxy back at 1% within 10 s of the hand edit", Duration.ofSeconds(10), Duration.ofMillis(20),
                () -> systems.router.observe(TRAFFIC), o -> o instanceof io.tollgate.adapter.Observation.Observed w && w.percent() == 1);
        long back = System.nanoTime();
        System.out.printf("failures e2e: hand edit -> weight put back (observed in HAProxy) %d ms%n", (back - edited) / 1_000_000);

        var done = awaitState(tollgate, id, "promoted", Duration.ofSeconds(40)).json();
        assertThat(events(done, "drift_detected")).singleElement().satisfies(l -> {
            assertThat(l.path("kind").asText()).isEqualTo("drift");
            assertThat(l.path("onDrift").asText()).isEqualTo("reapply");
            assertThat(l.path("observedCanaryWeight").asText()).startsWith("10%");
        });
        assertThat(events(done, "drift_reapplied")).singleElement().satisfies(l -> {
            assertThat(l.path("adapter").asText()).isEqualTo("haproxy");
            assertThat(l.path("desired").asInt()).isEqualTo(1);
            assertThat(l.path("observed").asText()).startsWith("1%");
        });
        // The bake went on on its own clock: canary-1's bake ended when it was set to, not later.
        var canary1Done = events(done, "bake_complete").getFirst();
        assertThat(Instant.parse(canary1Done.path("at").asText())).isAfterOrEqualTo(Instant.parse(bakeUntil))
                .isBefore(Instant.parse(bakeUntil).plusSeconds(3));
        assertThat(stagesApplied(done)).containsExactly("canary-1", "canary-5", "canary-25", "full");
        assertThat(observed(systems.router.observe(TRAFFIC))).isEqualTo(100);
    }

    @Test
    void an_unknown_onDrift_is_a_400_naming_the_field() {
        var body = release("checkout-e2e-drift-bad", "1s", "1s", "1s");
        ((com.fasterxml.jackson.databind.node.ObjectNode) body.get("strategy")).put("onDrift", "ignore");
        var answer = create(tollgate, body);
        assertThat(answer.status()).as(answer.text()).isEqualTo(400);
        assertThat(answer.json().path("field").asText()).isEqualTo("strategy.onDrift");
        assertThat(answer.json().path("message").asText()).contains("halt").contains("reapply");
    }

    private String start(com.fasterxml.jackson.databind.node.ObjectNode body) {
        var created = create(tollgate, body);
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        String id = created.json().path("id").asText();
        started.add(id);
        return id;
    }

    private static JsonNode awaitBaking(String id, String stage) {
        return Eventually.await("release " + id + " baking " + stage, Duration.ofSeconds(30), () -> get(tollgate, id),
                a -> a.status() == 200 && "baking".equals(a.json().path("state").asText())
                        && stage.equals(a.json().path("appliedStage").asText())).json();
    }

    /** The last transition line for {@code event}. */
    private static JsonNode transition(JsonNode release, String event) {
        return events(release, event).stream().filter(l -> l.path("kind").asText().equals("transition")).reduce((a, b) -> b)
                .orElseThrow(() -> new AssertionError("no " + event + " transition in " + release));
    }

    /** Stage names of the {@code apply_started} lines, in order: each is one apply of a stage. */
    static List<String> stagesApplied(JsonNode release) {
        return events(release, "apply_started").stream().map(l -> l.path("stage").asText()).toList();
    }
}
