package io.tollgate.release;

import static io.tollgate.release.RealReleaseSystems.SERVICE;
import static io.tollgate.release.RealReleaseSystems.TRAFFIC;
import static io.tollgate.release.RealReleaseSystems.closeQuietly;
import static io.tollgate.release.RealReleaseSystems.ms;
import static io.tollgate.release.RealReleaseSystems.observed;
import static io.tollgate.release.ReleaseFixtures.awaitState;
import static io.tollgate.release.ReleaseFixtures.create;
import static io.tollgate.release.ReleaseFixtures.events;
import static io.tollgate.release.ReleaseFixtures.get;
import static io.tollgate.release.ReleaseFixtures.lines;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tollgate.adapter.Observation;
import io.tollgate.config.ReleasesConfig;
import io.tollgate.testsupport.Eventually;
import io.tollgate.support.TestTollgate;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Canary analysis in releases on the real systems ({@link RealReleaseSystems}: Unleash, HAProxy with two backends whose
 * error ratios the test sets, Prometheus scraping HAProxy's exporter every second), Tollgate wired as {@code Main}
 * wires it: the analysis reads HAProxy's per-server counters from that Prometheus.
 */
@Tag("live")
class ReleaseAnalysisEndToEndTest {
    private static RealReleaseSystems systems;
    private static TestTollgate tollgate;
    private final AtomicBoolean sending = new AtomicBoolean();
    private Thread load;

    @BeforeAll
    static void startAll() {
        systems = RealReleaseSystems.start();
        // 200 ms looks, 100 ms polling; a held gate is asked again from 200 ms on and times out after 2 minutes.
        tollgate = systems.tollgate("release_analysis_e2e", new ReleasesConfig(null, Duration.ofMinutes(2), Duration.ofMillis(200),
                Duration.ofMillis(200), Duration.ofMillis(100), Duration.ofSeconds(3), 2, Duration.ofMillis(100), 0.2, 50));
    }

    @AfterAll
    static void stopAll() {
        closeQuietly(tollgate);
        closeQuietly(systems);
    }

    @BeforeEach
    void stableOnly() {
        systems.stableOnly();
        systems.pair.stable().setErrorRatio(0);
    }

    @AfterEach
    void stopLoad() throws InterruptedException {
        sending.set(false);
        if (load != null) {
            load.join(15_000);
        }
        systems.pair.stable().setErrorRatio(0);
        systems.pair.canary().setErrorRatio(0);
    }

    /** Sends {@code batch} requests through HAProxy, then pauses {@code pause}, until stopped (at most 3 minutes). */
    private AtomicLong sendTraffic(int batch, Duration pause) {
        var sent = new AtomicLong();
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        sending.set(true);
        load = Thread.ofPlatform().daemon().name("e2e-analysis-traffic").start(() -> {
            while (sending.get() && System.nanoTime() < deadline) {
                systems.haproxy.send(SERVICE, batch).values().forEach(sent::addAndGet);
                try {
                    Thread.sleep(pause.toMillis());
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        return sent;
    }

    private static ObjectNode release(String feature, String firstStage, int firstPercent, String bake, String extension) {
        var body = RealReleaseSystems.release(feature, bake, bake, bake);
        var stages = (ArrayNode) body.get("strategy").get("stages");
        var first = (ObjectNode) stages.get(0);
        first.put("name", firstStage).put("trafficPercent", firstPercent).put("flagPercent", firstPercent);
        stages.remove(1); // then canary-25 and full
        ((ObjectNode) body.get("strategy")).putObject("analysis").put("interval", "1s").put("maxExtension", extension);
        return body;
    }

    @Test
    void a_canary_at_three_times_the_baseline_error_rate_is_rolled_back_by_the_analysis() throws Exception {
        var sent = sendTraffic(20, Duration.ofMillis(5));
        systems.pair.stable().setErrorRatio(0.02);
        systems.pair.canary().setErrorRatio(0.02);
        String id = create(tollgate, release("checkout-e2e-analysis-fail", "canary-5", 5, "120s", "0s")).json().path("id").asText();
        Eventually.await("release " + id + " analysing canary-5", Duration.ofSeconds(30), () -> get(tollgate, id).json(),
                r -> "baking".equals(r.path("state").asText()) && r.path("analysis").path("looks").asInt() >= 3);
        assertThat(observed(systems.router.observe(TRAFFIC))).isEqualTo(5);
        assertThat(get(tollgate, id).json().path("analysis").path("verdict").asText()).isEqualTo("inconclusive");

        long sentBefore = sent.get();
        systems.pair.canary().setErrorRatio(0.06);
        long onset = System.nanoTime();
        Eventually.await("canary weight 0 within 90 s of the 6% vs 2% onset", Duration.ofSeconds(90), Duration.ofMillis(50),
                () -> systems.router.observe(TRAFFIC), o -> o instanceof Observation.Observed w && w.percent() == 0);
        long weightZero = System.nanoTime();
        var done = Eventually.await("release " + id + " rolled back and reset", Duration.ofSeconds(20), () -> get(tollgate, id).json(),
                r -> "rolled_back".equals(r.path("state").asText())
                        && events(r, "flag_reset").size() == 1 && events(r, "traffic_reset").size() == 1);
        System.out.printf("e2e analysis: 6%% vs 2%% errors at 5%% canary weight: onset -> canary weight 0 observed %d ms "
                        + "(%d requests sent since onset); %s%n", (weightZero - onset) / 1_000_000, sent.get() - sentBefore,
                done.path("reason").path("message").asText());

        assertThat(done.path("reason").path("code").asText()).isEqualTo("analysis_failed");
        assertThat(done.path("reason").path("message").asText()).startsWith("canary error ratio ").contains("≥ 1/α = 100");
        assertThat(events(done, "analysis_verdict").getLast().path("verdict").asText()).isEqualTo("fail");
        assertThat(lines(done, "adapter")).extracting(l -> l.path("event").asText()).contains("traffic_reset", "flag_reset");
        var looks = tollgate.api().get("/v1/releases/" + id + "/analysis", TestTollgate.VIEWER_TOKEN).json()
                .path("stages").get(0).path("looks");
        var last = looks.get(looks.size() - 1).path("metrics").get(0);
        System.out.printf("e2e analysis: failed at look %d: baseline %s, canary %s, e-value %.0f%n", looks.size() - 1,
                last.path("baseline"), last.path("canary"), last.path("eValue").asDouble());
        assertThat(last.path("canary").path("bad").asLong()).isPositive();
        var verify = tollgate.api().get("/v1/audit/verify", TestTollgate.ADMIN_TOKEN);
        assertThat(verify.json().path("intact").asBoolean()).as(verify.text()).isTrue();
    }

    @Test
    void a_low_traffic_healthy_canary_is_held_with_insufficient_data_then_a_skip_analysis_override_lets_it_go_on() {
        sendTraffic(1, Duration.ofMillis(200));
        long started = System.nanoTime();
        String id = create(tollgate, release("checkout-e2e-analysis-hold", "canary-1", 1, "3s", "3s")).json().path("id").asText();

        var held = Eventually.await("release " + id + " held at the canary-25 gate", Duration.ofSeconds(60), () -> get(tollgate, id).json(),
                r -> "gating".equals(r.path("state").asText()) && "gate_held".equals(r.path("reason").path("code").asText()));
        System.out.printf("e2e analysis: low traffic, healthy: held with insufficient_data %d ms after creation: %s%n", ms(started),
                held.path("reason").path("message").asText());
        assertThat(held.path("stage").asText()).isEqualTo("canary-25");
        assertThat(held.path("reason").path("message").asText()).contains("insufficient_data").contains("analysis_not_passed");
        assertThat(held.path("analysis").path("verdict").asText()).isEqualTo("inconclusive");
        assertThat(events(held, "analysis_extended")).hasSize(1);
        assertThat(observed(systems.router.observe(TRAFFIC))).as("held where it is, not rolled back").isEqualTo(1);

        var override = tollgate.api().post("/v1/overrides", TestTollgate.RELEASE_MANAGER_TOKEN,
                ReleaseAnalysisFlowTest.Json.skipAnalysis(id), Map.of("Content-Type", "application/json"));
        assertThat(override.status()).as(override.text()).isEqualTo(201);
        long overridden = System.nanoTime();

        Eventually.await("release " + id + " applying canary-25", Duration.ofSeconds(30), () -> get(tollgate, id).json(),
                r -> "canary-25".equals(r.path("appliedStage").asText()));
        System.out.printf("e2e analysis: skip-analysis override -> canary-25 applied %d ms%n", ms(overridden));
        var done = awaitState(tollgate, id, "promoted", Duration.ofSeconds(60)).json();
        assertThat(observed(systems.router.observe(TRAFFIC))).isEqualTo(100);
        assertThat(lines(done, "gate")).extracting(g -> g.path("outcome").asText()).contains("hold").endsWith("allow");
    }

    @Test
    void a_canary_150_ms_slower_than_the_baseline_is_rolled_back_by_the_latency_analysis() throws Exception {
        sendTraffic(20, Duration.ofMillis(5));
        var body = release("checkout-e2e-analysis-latency", "canary-5", 5, "120s", "0s");
        ((ObjectNode) body.get("strategy").get("analysis")).putObject("latency")
                .put("histogram", "http_request_duration_seconds").put("versionLabel", "version")
                .put("baselineVersion", systems.pair.stable().version()).put("canaryVersion", systems.pair.canary().version())
                .putArray("bucketsSeconds").add("0.1");
        String id = create(tollgate, body).json().path("id").asText();
        Eventually.await("release " + id + " analysing canary-5", Duration.ofSeconds(30), () -> get(tollgate, id).json(),
                r -> "baking".equals(r.path("state").asText()) && r.path("analysis").path("looks").asInt() >= 3);

        systems.pair.canary().setAddedLatency(Duration.ofMillis(150));
        long onset = System.nanoTime();
        var done = Eventually.await("release " + id + " rolled back", Duration.ofSeconds(90), () -> get(tollgate, id).json(),
                r -> "rolled_back".equals(r.path("state").asText()) && events(r, "traffic_reset").size() == 1);
        System.out.printf("e2e analysis: canary +150 ms: onset -> rolled_back %d ms; %s%n", ms(onset),
                done.path("reason").path("message").asText());
        systems.pair.canary().setAddedLatency(Duration.ZERO);

        assertThat(done.path("reason").path("code").asText()).isEqualTo("analysis_failed");
        assertThat(done.path("reason").path("message").asText()).contains("0.1");
        assertThat(observed(systems.router.observe(TRAFFIC))).isZero();
        var stage = tollgate.api().get("/v1/releases/" + id + "/analysis", TestTollgate.VIEWER_TOKEN).json().path("stages").get(0);
        var metrics = stage.path("looks").get(stage.path("looks").size() - 1).path("metrics");
        assertThat(metrics.toString()).contains("slower_than_0.1s");
    }
}
