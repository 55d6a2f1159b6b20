package io.tollgate.release;

import static io.tollgate.release.RealReleaseSystems.TRAFFIC;
import static io.tollgate.release.RealReleaseSystems.adapterLatencies;
import static io.tollgate.release.RealReleaseSystems.closeQuietly;
import static io.tollgate.release.ReleaseFixtures.events;
import static io.tollgate.release.RealReleaseSystems.ms;
import static io.tollgate.release.RealReleaseSystems.observed;
import static io.tollgate.release.RealReleaseSystems.release;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tollgate.adapter.FlagTarget;
import io.tollgate.support.ApiClient;
import io.tollgate.testsupport.Eventually;
import io.tollgate.support.TestTollgate;
import io.tollgate.support.TollgateProcess;
import io.tollgate.testsupport.PostgresFixture;
import io.tollgate.testsupport.UnleashFixture;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Tollgate process, configured from a file to drive the real Unleash and HAProxy, killed with SIGKILL in the middle
 * of a bake and started again on the same database: the release goes on from the row db-scheduler and the release store
 * left, the bake ends when it was recorded to end (not a whole bake after the restart), and no stage is applied twice.
 */
@Tag("live")
@Timeout(300)
class ReleaseProcessCrashTest {
    private static final Duration START_DEADLINE = Duration.ofSeconds(120);
    private static final long BAKE_MILLIS = 40_000;
    private static RealReleaseSystems systems;

    @TempDir
    Path dir;
    private final List<TollgateProcess> children = new ArrayList<>();

    @BeforeAll
    static void startSystems() {
        systems = RealReleaseSystems.start();
        systems.stableOnly();
    }

    @AfterAll
    static void stopSystems() {
        closeQuietly(systems);
    }

    @AfterEach
    void stopChildren() {
        children.forEach(TollgateProcess::destroy);
    }

    @Test
    void a_tollgate_killed_mid_bake_resumes_after_restart_without_restarting_the_bake_or_applying_a_stage_twice() throws Exception {
        Path config = writeConfig(PostgresFixture.newDatabase("release_crash"));
        String feature = "checkout-e2e-crash";
        var flag = new FlagTarget(feature, UnleashFixture.ENVIRONMENT);

        long t0 = System.nanoTime();
        var first = start(config);
        System.out.printf("crash e2e: first process listening after %d ms%n", ms(t0));
        var body = release(feature, "1s", BAKE_MILLIS / 1000 + "s", "1s");
        body.put("environment", "staging"); // no approvals or freeze windows on the real clock the process runs on
        var created = first.api().post("/v1/releases", TestTollgate.CI_TOKEN, body.toString(), Map.of("Content-Type", "application/json"));
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        String id = created.json().path("id").asText();

        var baking = Eventually.await("baking canary-5", Duration.ofSeconds(60), () -> get(first.api(), id),
                a -> "baking".equals(a.path("state").asText()) && "canary-5".equals(a.path("appliedStage").asText()));
        String bakeUntil = baking.path("bakeUntil").asText();
        String bakeStartedAt = baking.path("bakeStartedAt").asText();
        assertThat(observed(systems.router.observe(TRAFFIC))).isEqualTo(5);
        assertThat(observed(systems.flags.observe(flag))).isEqualTo(5);

        // A few looks into the bake (they run every 200 ms), then SIGKILL.
        Eventually.await("2 s into the bake", Duration.ofSeconds(10), Instant::now,
                now -> now.isAfter(Instant.parse(bakeStartedAt).plusSeconds(2)));
        first.kill(); // SIGKILL mid-bake: no shutdown hook, db-scheduler's row stays as it was
        Instant killedAt = Instant.now();
        System.out.printf("crash e2e: killed %d ms into a %d ms bake (bake until %s)%n",
                java.time.Duration.between(Instant.parse(bakeStartedAt), killedAt).toMillis(), BAKE_MILLIS, bakeUntil);
        // Nobody drives the release while Tollgate is down: the stage stays as applied.
        assertThat(observed(systems.router.observe(TRAFFIC))).isEqualTo(5);

        long restart = System.nanoTime();
        var second = start(config);
        Instant upAgain = Instant.now();
        System.out.printf("crash e2e: second process listening %d ms after the kill%n", ms(restart));
        var afterRestart = get(second.api(), id);
        if (upAgain.isBefore(Instant.parse(bakeUntil).minusSeconds(1))) {
            // Back before the bake was due to end: the same bake goes on, same start, same end.
            assertThat(afterRestart.path("state").asText()).isEqualTo("baking");
            assertThat(afterRestart.path("appliedStage").asText()).isEqualTo("canary-5");
            assertThat(afterRestart.path("bakeUntil").asText()).as("bake end after the restart").isEqualTo(bakeUntil);
            assertThat(afterRestart.path("bakeStartedAt").asText()).isEqualTo(bakeStartedAt);
        } else {
            System.out.println("crash e2e: the restart took longer than the rest of the bake; only its end time is checked");
        }

        var done = Eventually.await("promoted", Duration.ofSeconds(90), () -> get(second.api(), id),
                a -> "promoted".equals(a.path("state").asText()));
        var canary5Baked = events(done, "bake_complete").stream().filter(l -> l.path("stage").asText().equals("canary-5"))
                .toList();
        assertThat(canary5Baked).hasSize(1);
        Instant bakeEnded = Instant.parse(canary5Baked.getFirst().path("at").asText());
        Instant recordedEnd = Instant.parse(bakeUntil);
        Instant latestFair = (upAgain.isAfter(recordedEnd) ? upAgain : recordedEnd).plusSeconds(5);
        System.out.printf("crash e2e: canary-5 bake ended %d ms after its recorded end (baked %s ms in all; a restarted clock "
                + "would end it %d ms after the restart)%n", java.time.Duration.between(recordedEnd, bakeEnded).toMillis(),
                canary5Baked.getFirst().path("bakedMillis").asText(), BAKE_MILLIS);
        assertThat(bakeEnded).as("the bake ends at its recorded end, or as soon as Tollgate is back after it")
                .isAfterOrEqualTo(recordedEnd).isBefore(latestFair);
        // Every stage applied exactly once: one apply_started, one flag_apply and one traffic_apply each; applyCount 4.
        assertThat(ReleaseFailureEndToEndTest.stagesApplied(done)).containsExactly("canary-1", "canary-5", "canary-25", "full");
        assertThat(events(done, "flag_apply")).extracting(l -> l.path("stage").asText())
                .containsExactly("canary-1", "canary-5", "canary-25", "full");
        assertThat(events(done, "traffic_apply")).extracting(l -> l.path("stage").asText())
                .containsExactly("canary-1", "canary-5", "canary-25", "full");
        assertThat(done.path("applyCount").asInt()).isEqualTo(4);
        assertThat(observed(systems.router.observe(TRAFFIC))).isEqualTo(100);
        assertThat(observed(systems.flags.observe(flag))).isEqualTo(100);
        var verify = second.api().get("/v1/audit/verify", TestTollgate.ADMIN_TOKEN);
        assertThat(verify.json().path("intact").asBoolean()).as(verify.text()).isTrue();
        System.out.println("crash e2e: second process adapter latencies " + adapterLatencies(second.api().get("/metrics", null).text()));
        assertThat(second.stop(Duration.ofSeconds(60))).as("orderly shutdown").isTrue();
    }

    private TollgateProcess start(Path config) throws InterruptedException {
        var child = TollgateProcess.start(dir, Map.of(), "--config", config.toString());
        children.add(child);
        return child.awaitListening(START_DEADLINE, false);
    }

    private static JsonNode get(ApiClient api, String id) {
        var a = api.get("/v1/releases/" + id, TestTollgate.VIEWER_TOKEN);
        assertThat(a.status()).as(a.text()).isEqualTo(200);
        return a.json();
    }

    /** The operator's file: the external test database, the test tokens, the real adapters, short looks and polls. */
    private Path writeConfig(PostgresFixture.Database db) throws IOException {
        return io.tollgate.support.ProcessConfig.releaseEngine(dir, db, systems.prometheus.url(), "200ms", systems.unleash.baseUrl(),
                systems.unleash.adminToken(), systems.haproxy.host(), systems.haproxy.runtimePort());
    }
}
