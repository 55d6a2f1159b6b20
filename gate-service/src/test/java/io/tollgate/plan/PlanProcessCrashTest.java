package io.tollgate.plan;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tollgate.adapter.FlagTarget;
import io.tollgate.adapter.Observation;
import io.tollgate.adapter.TrafficTarget;
import io.tollgate.adapter.haproxy.HaproxyConfig;
import io.tollgate.adapter.haproxy.HaproxyTrafficRouter;
import io.tollgate.adapter.unleash.UnleashConfig;
import io.tollgate.adapter.unleash.UnleashFlagRollout;
import io.tollgate.json.Json;
import io.tollgate.support.ApiClient;
import io.tollgate.support.ProcessConfig;
import io.tollgate.support.TestTollgate;
import io.tollgate.support.TollgateProcess;
import io.tollgate.testsupport.BackendPair;
import io.tollgate.testsupport.Eventually;
import io.tollgate.testsupport.HaproxyFixture;
import io.tollgate.testsupport.PostgresFixture;
import io.tollgate.testsupport.PrometheusFixture;
import io.tollgate.testsupport.UnleashFixture;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Tollgate process driving a plan on the real Unleash and HAProxy, killed with SIGKILL in the middle of its
 * compensation (the dependent's rollback requested, what it depends on not yet) and started again on the same
 * database: the next process verifies the first reset and rolls back the rest, in order, nothing twice.
 */
@Tag("live")
@Timeout(400)
class PlanProcessCrashTest {
    private static final List<String> SERVICES = List.of("inventory", "checkout");
    @TempDir
    Path dir;
    private final List<TollgateProcess> children = new ArrayList<>();
    private final List<AutoCloseable> systems = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        children.forEach(TollgateProcess::destroy);
        for (int i = systems.size() - 1; i >= 0; i--) {
            systems.get(i).close();
        }
    }

    @Test
    void a_tollgate_killed_mid_compensation_is_continued_by_the_next_process_dependents_first_nothing_reset_twice() throws Exception {
        var unleash = UnleashFixture.shared();
        var inventory = own(BackendPair.start());
        var checkout = own(BackendPair.start());
        var haproxy = own(HaproxyFixture.builder().service("inventory", inventory).service("checkout", checkout)
                .checkInterval(Duration.ofMillis(500)).start());
        var prometheus = own(PrometheusFixture.builder().scrapeTargets(haproxy.exporterHostPort()).scrapeInterval(Duration.ofSeconds(1)).start());
        for (String s : SERVICES) {
            haproxy.awaitServerUp(s, HaproxyFixture.CANARY, true, Duration.ofSeconds(10));
        }
        String suffix = Long.toString(System.nanoTime(), 36);
        Path config = writeConfig(PostgresFixture.newDatabase("plan_crash"), unleash, haproxy, prometheus);

        var first = start(config);
        var plan = Json.mapper().createObjectNode().put("name", "checkout-v2").put("environment", "staging");
        var releases = plan.putArray("releases");
        releases.add(release("inventory", "plan-inventory-" + suffix));
        releases.add(release("checkout", "plan-checkout-" + suffix).set("dependsOn", Json.mapper().createArrayNode().add("inventory")));
        var created = first.api().post("/v1/release-plans", TestTollgate.CI_TOKEN, plan.toString(), Map.of("Content-Type", "application/json"));
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        String id = created.json().path("id").asText();
        await(first.api(), id, p -> "completed".equals(p.path("state").asText()), "completed");

        var rollback = first.api().post("/v1/release-plans/" + id + "/rollback", TestTollgate.RELEASE_MANAGER_TOKEN,
                "{\"reason\":\"checkout-v2 breaks the storefront\"}", Map.of("Content-Type", "application/json"));
        assertThat(rollback.status()).as(rollback.text()).isEqualTo(200);
        // The plan looks every 3 s: between checkout's rollback request and inventory's there is time to kill it.
        await(first.api(), id, p -> PlanFixtures.events(p, "compensation_requested").size() == 1, "checkout's rollback requested");
        first.kill(); // SIGKILL: no shutdown hook; the plan and db-scheduler rows stay as they were

        var second = start(config);
        var done = await(second.api(), id, p -> "rolled_back".equals(p.path("state").asText()), "rolled_back");

        assertThat(PlanFixtures.events(done, "compensation_verified")).extracting(l -> l.path("key").asText())
                .containsExactly("checkout", "inventory");
        assertThat(PlanFixtures.events(done, "compensation_requested")).extracting(l -> l.path("key").asText())
                .containsExactly("checkout", "inventory");
        var router = new HaproxyTrafficRouter(HaproxyConfig.defaults(haproxy.host(), haproxy.runtimePort()));
        var flags = new UnleashFlagRollout(UnleashConfig.defaults(unleash.baseUrl(), unleash.adminToken()));
        for (String s : SERVICES) {
            var r = second.api().get("/v1/releases/" + PlanFixtures.release(done, s).path("releaseId").asText(), TestTollgate.VIEWER_TOKEN).json();
            assertThat(events(r, "rollback")).as(s + " rolled back once").hasSize(1);
            assertThat(events(r, "traffic_reset")).as(s + " traffic reset once").hasSize(1);
            assertThat(events(r, "flag_reset")).as(s + " flag reset once").hasSize(1);
            assertThat(observed(router.observe(new TrafficTarget(s, HaproxyFixture.STABLE, HaproxyFixture.CANARY)))).as(s + " weight").isZero();
            assertThat(observed(flags.observe(new FlagTarget("plan-" + s + "-" + suffix, UnleashFixture.ENVIRONMENT)))).as(s + " flag").isZero();
        }
        var checkoutReset = resetAt(second.api(), done, "checkout");
        var inventoryReset = resetAt(second.api(), done, "inventory");
        assertThat(checkoutReset).isLessThan(inventoryReset);
        var verify = second.api().get("/v1/audit/verify", TestTollgate.ADMIN_TOKEN);
        assertThat(verify.json().path("intact").asBoolean()).as(verify.text()).isTrue();
        assertThat(second.stop(Duration.ofSeconds(60))).as("orderly shutdown").isTrue();
    }

    private <T extends AutoCloseable> T own(T system) {
        systems.add(system);
        return system;
    }

    private static ObjectNode release(String service, String feature) {
        var e = Json.mapper().createObjectNode().put("key", service).put("service", service).put("version", "2.0.0");
        e.putObject("change").put("commit", "9f2c1e7").put("pipeline", "build-900").put("author", "dana").putArray("approvals").add("lee");
        var stages = e.putObject("strategy").putArray("stages");
        stages.addObject().put("name", "canary-5").put("trafficPercent", 5).put("flagPercent", 5).put("bake", "1s");
        stages.addObject().put("name", "canary-25").put("trafficPercent", 25).put("flagPercent", 25).put("bake", "1s");
        stages.addObject().put("name", "full").put("trafficPercent", 100).put("flagPercent", 100);
        e.putObject("flag").put("provider", UnleashFlagRollout.TYPE).put("feature", feature).put("environment", UnleashFixture.ENVIRONMENT);
        e.putObject("traffic").put("provider", HaproxyTrafficRouter.TYPE).put("route", service)
                .put("stable", HaproxyFixture.STABLE).put("canary", HaproxyFixture.CANARY);
        return e;
    }

    private static List<JsonNode> events(JsonNode release, String event) {
        var out = new ArrayList<JsonNode>();
        release.path("history").forEach(l -> {
            if (l.path("event").asText().equals(event)) {
                out.add(l);
            }
        });
        return out;
    }

    private static String resetAt(ApiClient api, JsonNode plan, String key) {
        var r = api.get("/v1/releases/" + PlanFixtures.release(plan, key).path("releaseId").asText(), TestTollgate.VIEWER_TOKEN).json();
        return events(r, "traffic_reset").getFirst().path("at").asText();
    }

    private static int observed(Observation o) {
        assertThat(o).isInstanceOf(Observation.Observed.class);
        return ((Observation.Observed) o).percent();
    }

    private static JsonNode await(ApiClient api, String id, java.util.function.Predicate<JsonNode> done, String what) {
        return Eventually.await("plan " + id + " " + what, Duration.ofSeconds(120), () -> {
            var a = api.get("/v1/release-plans/" + id, TestTollgate.VIEWER_TOKEN);
            return a.status() == 200 ? a.json() : Json.mapper().createObjectNode();
        }, done::test);
    }

    private TollgateProcess start(Path config) throws InterruptedException {
        var child = TollgateProcess.start(dir, Map.of(), "--config", config.toString());
        children.add(child);
        return child.awaitListening(TollgateProcess.START_DEADLINE, false);
    }

    /** The looks are 3 s apart, so a compensation's steps are too. */
    private Path writeConfig(PostgresFixture.Database db, UnleashFixture unleash, HaproxyFixture haproxy, PrometheusFixture prometheus)
            throws java.io.IOException {
        return ProcessConfig.releaseEngine(dir, db, prometheus.url(), "3s", unleash.baseUrl(), unleash.adminToken(), haproxy.host(),
                haproxy.runtimePort());
    }
}
