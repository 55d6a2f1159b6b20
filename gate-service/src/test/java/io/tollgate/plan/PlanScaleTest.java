package io.tollgate.plan;

import static io.tollgate.plan.PlanFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tollgate.release.FakeFlagRollout;
import io.tollgate.release.FakeTrafficRouter;
import io.tollgate.support.TestTollgate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What orchestration costs: the time from a dependency's promotion to its dependent's release (per entry), and a
 * 50-service plan's steps. Prints the numbers docs/releases.md quotes.
 */
class PlanScaleTest {
    private final FakeFlagRollout flags = new FakeFlagRollout();
    private final FakeTrafficRouter traffic = new FakeTrafficRouter();
    private TestTollgate tollgate;

    @BeforeEach
    void start() {
        tollgate = TestTollgate.builder().freshDatabase("plan_scale").releases(wiring(flags, traffic, s -> List.of())).start();
    }

    @AfterEach
    void stop() {
        tollgate.close();
    }

    private JsonNode releaseOf(JsonNode plan, String key) {
        return tollgate.api().get("/v1/releases/" + release(plan, key).path("releaseId").asText(), TestTollgate.VIEWER_TOKEN).json();
    }

    @Test
    void a_chain_of_ten_releases_each_starts_within_a_plan_look_or_two_of_its_dependency_promotion() {
        var entries = new ArrayList<ObjectNode>();
        for (int i = 0; i < 10; i++) {
            entries.add(i == 0 ? entry("svc0", "100ms") : entry("svc" + i, "100ms", "svc" + (i - 1)));
        }
        String id = startPlan(tollgate, aPlan("chain", "production", entries.toArray(ObjectNode[]::new)));
        var done = awaitState(tollgate, id, "completed", Duration.ofSeconds(120));

        var gaps = new ArrayList<Long>();
        for (int i = 1; i < 10; i++) {
            var dependency = releaseOf(done, "svc" + (i - 1));
            var dependent = releaseOf(done, "svc" + i);
            gaps.add(Duration.between(Instant.parse(dependency.path("stateSince").asText()), Instant.parse(dependent.path("createdAt").asText()))
                    .toMillis());
        }
        var sorted = gaps.stream().sorted().toList();
        System.out.printf("orchestration overhead per entry (dependency promoted -> dependent release created), 9 entries, plan look 100 ms:"
                + " median %d ms, max %d ms%n", sorted.get(4), sorted.getLast());
        assertThat(sorted.getLast()).isLessThan(3000);
        assertThat(sorted).allSatisfy(g -> assertThat(g).isGreaterThanOrEqualTo(0));
    }

    @Test
    void a_fifty_service_dry_run_plan_walks_a_random_dag_in_a_valid_order() {
        var random = new Random(50);
        var entries = new ArrayList<ObjectNode>();
        var deps = new HashMap<String, List<String>>();
        for (int i = 0; i < 50; i++) {
            var mine = new ArrayList<String>();
            for (int j = 0; j < i && mine.size() < 3; j++) {
                if (random.nextInt(6) == 0) {
                    mine.add("s" + j);
                }
            }
            deps.put("s" + i, mine);
            entries.add(entry("s" + i, stages("1m", "canary-1", 1, "canary-5", 5, "canary-25", 25), mine.toArray(String[]::new)));
        }
        java.util.Collections.shuffle(entries, random);
        long started = System.nanoTime();
        String id = startPlan(tollgate, aPlan("fifty", "production", entries.toArray(ObjectNode[]::new)).put("dryRun", true)
                .put("maxParallel", 10));
        var done = awaitState(tollgate, id, "completed", Duration.ofSeconds(180));
        long tookMs = (System.nanoTime() - started) / 1_000_000;

        var startedAt = new HashMap<String, Integer>();
        var lines = events(done, "entry_started");
        for (int i = 0; i < lines.size(); i++) {
            startedAt.put(lines.get(i).path("key").asText(), i);
        }
        assertThat(startedAt).hasSize(50);
        deps.forEach((key, on) -> on.forEach(d -> assertThat(startedAt.get(d)).as(key + " after " + d).isLessThan(startedAt.get(key))));
        assertThat(flags.calls()).isEmpty();
        var metrics = tollgate.api().get("/metrics", null).text();
        double sum = sample(metrics, "tollgate_release_plan_step_seconds_sum");
        double count = sample(metrics, "tollgate_release_plan_step_seconds_count");
        System.out.printf("50-service dry-run plan (random DAG, maxParallel 10, 4 gate checks per release): completed in %d ms;"
                + " %d plan steps, mean %.1f ms per step (reads the plan and its releases, decides, starts)%n",
                tookMs, (long) count, sum / count * 1000);
        assertThat(count).isPositive();
    }

    private static double sample(String metrics, String name) {
        var m = Pattern.compile("(?m)^" + Pattern.quote(name) + " (\\S+)$").matcher(metrics);
        assertThat(m.find()).as(name).isTrue();
        return Double.parseDouble(m.group(1));
    }
}
