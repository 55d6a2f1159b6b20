package io.tollgate.release;

import static io.tollgate.release.ReleaseFixtures.awaitState;
import static io.tollgate.release.ReleaseFixtures.create;
import static io.tollgate.release.ReleaseFixtures.get;
import static io.tollgate.release.RealReleaseSystems.SERVICE;
import static io.tollgate.release.RealReleaseSystems.TRAFFIC;
import static io.tollgate.release.RealReleaseSystems.closeQuietly;
import static io.tollgate.release.ReleaseFixtures.lines;
import static io.tollgate.release.RealReleaseSystems.ms;
import static io.tollgate.release.RealReleaseSystems.observed;
import static io.tollgate.release.RealReleaseSystems.release;
import static org.assertj.core.api.Assertions.assertThat;

import io.tollgate.adapter.FlagTarget;
import io.tollgate.adapter.Observation;
import io.tollgate.adapter.haproxy.HaproxyTrafficRouter;
import io.tollgate.adapter.unleash.UnleashFlagRollout;
import io.tollgate.config.ReleasesConfig;
import io.tollgate.testsupport.Eventually;
import io.tollgate.support.TestTollgate;
import io.tollgate.testsupport.BackendPair;
import io.tollgate.testsupport.HaproxyFixture;
import io.tollgate.testsupport.UnleashFixture;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Releases against the real systems: Tollgate wired as {@code Main} wires it ({@code ReleaseWiring.from(config)}, the
 * {@code adapters} section pointing at a real Unleash and a real HAProxy with two backends, canary health from a real
 * Prometheus scraping HAProxy's exporter). Every assertion on the flag and the weights is the provider's own answer,
 * read with a separate adapter instance.
 */
@Tag("live")
class ReleaseEndToEndTest {
    private static RealReleaseSystems systems;
    private static HaproxyFixture haproxy;
    private static BackendPair pair;
    private static UnleashFlagRollout flags;
    private static HaproxyTrafficRouter router;
    private static TestTollgate tollgate;

    @BeforeAll
    static void startAll() {
        systems = RealReleaseSystems.start();
        haproxy = systems.haproxy;
        pair = systems.pair;
        flags = systems.flags;
        router = systems.router;
        // 200 ms looks, 100 ms polling, 2 attempts 100 ms apart, 3 s per adapter call; gross failure at 20% of >= 50.
        tollgate = systems.tollgate("release_e2e", new ReleasesConfig(null, null, null, Duration.ofMillis(200), Duration.ofMillis(100),
                Duration.ofSeconds(3), 2, Duration.ofMillis(100), 0.2, 50));
    }

    @AfterAll
    static void stopAll() {
        closeQuietly(tollgate);
        closeQuietly(systems);
    }

    @BeforeEach
    void stableOnly() {
        systems.stableOnly();
    }

    @Test
    void a_healthy_release_promotes_through_every_stage_observed_in_unleash_and_haproxy() {
        String feature = "checkout-e2e-promote";
        var flag = new FlagTarget(feature, UnleashFixture.ENVIRONMENT);
        var body = release(feature, "1s", "1s", "1s");
        int[] percents = {1, 5, 25, 100};
        String[] names = {"canary-1", "canary-5", "canary-25", "full"};

        long started = System.nanoTime();
        var created = create(tollgate, body);
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        String id = created.json().path("id").asText();

        long previous = started;
        for (int i = 0; i < names.length; i++) {
            boolean last = i == names.length - 1;
            String name = names[i];
            String wanted = last ? "promoted" : "baking";
            var at = Eventually.await("release " + id + " " + wanted + " at " + name, Duration.ofSeconds(30), () -> get(tollgate, id),
                    a -> a.status() == 200 && name.equals(a.json().path("appliedStage").asText())
                            && wanted.equals(a.json().path("state").asText())).json();
            long now = System.nanoTime();
            assertThat(observed(flags.observe(flag))).as("Unleash's rollout at %s", name).isEqualTo(percents[i]);
            assertThat(observed(router.observe(TRAFFIC))).as("HAProxy's canary share at %s", name).isEqualTo(percents[i]);
            assertThat(haproxy.runtime("show servers state " + SERVICE)).contains(" " + HaproxyFixture.CANARY + " ");
            assertThat(at.path("flag").path("observedPercent").asInt()).isEqualTo(percents[i]);
            assertThat(at.path("traffic").path("observedCanaryWeight").asInt()).isEqualTo(percents[i]);
            System.out.printf("e2e promote: %s %s after %d ms (%d ms since the previous stage)%n", name, wanted,
                    (now - started) / 1_000_000, (now - previous) / 1_000_000);
            previous = now;
        }
        var done = get(tollgate, id).json();
        System.out.printf("e2e promote: 4 stages (3 bakes of 1 s) promoted in %d ms%n", ms(started));

        assertThat(done.path("state").asText()).isEqualTo("promoted");
        assertThat(done.path("applyCount").asInt()).isEqualTo(4);
        var gates = lines(done, "gate");
        assertThat(gates).extracting(l -> l.path("stage").asText()).containsExactly(names);
        assertThat(gates).allSatisfy(l -> {
            assertThat(l.path("outcome").asText()).isEqualTo("allow");
            assertThat(l.path("decisionId").asText()).isNotBlank();
        });
        var adapterEvents = lines(done, "adapter").stream().map(l -> l.path("event").asText()).toList();
        assertThat(adapterEvents).contains("flag_apply", "flag_verify", "traffic_apply", "traffic_verify");
        assertThat(adapterEvents.stream().filter("traffic_verify"::equals)).hasSize(4);
        assertThat(done.toString()).contains("unleash").contains("haproxy");
        // HAProxy really routes the full share to the canary now.
        assertThat(haproxy.send(SERVICE, 20)).containsEntry(200, 20);
        assertThat(pair.canary().requests()).isPositive();
        var verify = tollgate.api().get("/v1/audit/verify", TestTollgate.ADMIN_TOKEN);
        assertThat(verify.status()).isEqualTo(200);
        assertThat(verify.json().path("intact").asBoolean()).as(verify.text()).isTrue();
    }

    @Test
    void rolling_back_a_promoted_dry_run_leaves_the_live_haproxy_weight_and_unleash_flag_as_they_are() {
        String feature = "checkout-e2e-dry-run";
        var flag = new FlagTarget(feature, UnleashFixture.ENVIRONMENT);
        abortActiveCheckoutReleases();
        // What is live right now (another rollout, set by hand): a dry run's rollback must not touch it.
        assertThat(router.apply(TRAFFIC, 30)).isInstanceOf(io.tollgate.adapter.AdapterResult.Applied.class);
        assertThat(flags.apply(flag, 40)).isInstanceOf(io.tollgate.adapter.AdapterResult.Applied.class);
        String id = create(tollgate, release(feature, "1s", "1s", "1s").put("dryRun", true)).json().path("id").asText();
        awaitState(tollgate, id, "promoted", Duration.ofSeconds(20));

        var rolled = ReleaseFixtures.control(tollgate, TestTollgate.RELEASE_MANAGER_TOKEN, id, "rollback", "practice");
        assertThat(rolled.status()).as(rolled.text()).isEqualTo(200);
        // Settled: the dry run's record of the reset it would make, or (the old engine) the real reset's outcome.
        var done = Eventually.await("rollback of dry run " + id + " settled", Duration.ofSeconds(15), () -> get(tollgate, id).json(),
                r -> !ReleaseFixtures.events(r, "dry_run_reset").isEmpty() || !ReleaseFixtures.events(r, "reset_done").isEmpty()
                        || !ReleaseFixtures.events(r, "reset_failed").isEmpty());

        assertThat(observed(router.observe(TRAFFIC))).as("HAProxy's live canary share").isEqualTo(30);
        assertThat(observed(flags.observe(flag))).as("Unleash's live rollout").isEqualTo(40);
        assertThat(done.path("state").asText()).isEqualTo("rolled_back");
        assertThat(lines(done, "adapter")).extracting(l -> l.path("event").asText()).containsExactly("dry_run_reset");
        flags.reset(flag);
    }

    @Test
    void a_canary_failing_mid_bake_is_rolled_back_traffic_to_stable_and_flag_off() throws Exception {
        String feature = "checkout-e2e-rollback";
        var flag = new FlagTarget(feature, UnleashFixture.ENVIRONMENT);
        var running = new AtomicBoolean(true);
        var sent = new AtomicLong();
        long loopDeadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        var load = Thread.ofPlatform().daemon().name("e2e-traffic").start(() -> {
            while (running.get() && System.nanoTime() < loopDeadline) {
                haproxy.send(SERVICE, 20).values().forEach(sent::addAndGet);
                try {
                    Thread.sleep(10);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        try {
            String id = create(tollgate, release(feature, "500ms", "500ms", "60s")).json().path("id").asText();
            Eventually.await("release " + id + " baking at canary-25", Duration.ofSeconds(30), () -> get(tollgate, id),
                    a -> a.status() == 200 && "canary-25".equals(a.json().path("appliedStage").asText())
                            && "baking".equals(a.json().path("state").asText()));
            assertThat(observed(router.observe(TRAFFIC))).isEqualTo(25);
            assertThat(observed(flags.observe(flag))).isEqualTo(25);
            // A healthy part of the bake: the canary serves real traffic without errors before they start.
            long canaryAtBake = pair.canary().requests();
            Eventually.await("the canary serving 100 healthy requests while baking", Duration.ofSeconds(20),
                    () -> pair.canary().requests(), n -> n >= canaryAtBake + 100);
            assertThat(get(tollgate, id).json().path("state").asText()).isEqualTo("baking");

            long canaryBefore = pair.canary().requests();
            pair.canary().setErrorRatio(1.0);
            long onset = System.nanoTime();
            long weightZero = -1;
            long flagOff = -1;
            long end = onset + Duration.ofSeconds(40).toNanos();
            while ((weightZero < 0 || flagOff < 0) && System.nanoTime() < end) {
                if (weightZero < 0 && router.observe(TRAFFIC) instanceof Observation.Observed o && o.percent() == 0) {
                    weightZero = System.nanoTime();
                }
                if (flagOff < 0 && flags.observe(flag) instanceof Observation.Observed o && o.percent() == 0) {
                    flagOff = System.nanoTime();
                }
                Thread.sleep(50);
            }
            assertThat(weightZero).as("canary weight 0 observed within 40 s of the error onset").isPositive();
            assertThat(flagOff).as("flag off observed within 40 s of the error onset").isPositive();
            System.out.printf("e2e rollback: error onset -> canary weight 0 observed %d ms, -> flag off observed %d ms "
                            + "(canary served %d requests since onset, %d sent in all)%n",
                    (weightZero - onset) / 1_000_000, (flagOff - onset) / 1_000_000, pair.canary().requests() - canaryBefore, sent.get());

            var done = awaitState(tollgate, id, "rolled_back", Duration.ofSeconds(10)).json();
            assertThat(done.path("reason").path("code").asText()).isEqualTo("canary_gross_failure");
            assertThat(lines(done, "adapter")).extracting(l -> l.path("event").asText()).contains("traffic_reset", "flag_reset");
            // The stable server takes everything again.
            long canaryAtReset = pair.canary().requests();
            assertThat(haproxy.send(SERVICE, 20)).containsEntry(200, 20);
            assertThat(pair.canary().requests()).isEqualTo(canaryAtReset);
            var verify = tollgate.api().get("/v1/audit/verify", TestTollgate.ADMIN_TOKEN);
            assertThat(verify.json().path("intact").asBoolean()).as(verify.text()).isTrue();
        } finally {
            running.set(false);
            load.join(15_000);
            pair.canary().setErrorRatio(0);
        }
    }

    /** A release another test left halted (a slow Unleash on a loaded machine) would refuse the next one of checkout: abort it. */
    private static void abortActiveCheckoutReleases() {
        for (var r : tollgate.api().get("/v1/releases?service=" + SERVICE, TestTollgate.VIEWER_TOKEN).json().path("items")) {
            String state = r.path("state").asText();
            if (!java.util.List.of("promoted", "rolled_back", "aborted", "failed").contains(state)) {
                ReleaseFixtures.control(tollgate, TestTollgate.RELEASE_MANAGER_TOKEN, r.path("id").asText(), "abort", "test cleanup");
                awaitState(tollgate, r.path("id").asText(), "aborted", Duration.ofSeconds(20));
            }
        }
        systems.stableOnly();
    }
}
