package io.tollgate.release;

import static io.tollgate.release.ReleaseFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tollgate.config.DatabaseConfig;
import io.tollgate.support.TestDatabases;
import io.tollgate.support.TestTollgate;
import io.tollgate.testsupport.PostgresFixture;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Releases survive a restart mid-bake and are driven exactly once by several instances on one database. */
class ReleaseDurabilityTest {
    private final FakeFlagRollout flags = new FakeFlagRollout();
    private final FakeTrafficRouter traffic = new FakeTrafficRouter();
    private final FakeCanaryHealth canary = new FakeCanaryHealth();

    private static DatabaseConfig database(String name) {
        var db = PostgresFixture.newDatabase(name);
        return TestDatabases.withRoles(db, 4);
    }

    private TestTollgate instance(DatabaseConfig db) {
        return TestTollgate.builder().database(db).releases(wiring(flags, traffic, canary)).start();
    }

    @Test
    void a_restart_mid_bake_resumes_without_reapplying_the_stage_or_restarting_the_bake_clock() throws Exception {
        var db = database("release_restart");
        String id;
        Instant bakeUntil;
        try (var first = instance(db)) {
            id = create(first, fourStages("checkout", "2s")).json().path("id").asText();
            var baking = awaitState(first, id, "baking", Duration.ofSeconds(20)).json();
            bakeUntil = Instant.parse(baking.path("bakeUntil").asText());
            assertThat(baking.path("stage").asText()).isEqualTo("canary-1");
        } // stopped mid-bake of canary-1
        long restarted = System.nanoTime();
        try (var second = instance(db)) {
            Instant up = Instant.now();
            var done = awaitState(second, id, "promoted", Duration.ofSeconds(30)).json();
            System.out.printf("restart mid-bake: second instance promoted the release %d ms after it started%n",
                    (System.nanoTime() - restarted) / 1_000_000);

            assertThat(flags.calls("apply")).extracting(FakeFlagRollout.Call::percent).containsExactly(1, 5, 25, 100);
            assertThat(traffic.calls("apply")).extracting(FakeTrafficRouter.Call::percent).containsExactly(1, 5, 25, 100);
            assertThat(done.path("applyCount").asInt()).isEqualTo(4);
            var firstBake = bakeCompleted(done, "canary-1");
            // Finished at the bake end recorded before the restart (or as soon as the second instance was up, when its
            // start took longer than the rest of the bake on a loaded machine), not a whole new bake after it.
            Instant due = up.isAfter(bakeUntil) ? up : bakeUntil;
            Instant ended = Instant.parse(firstBake.path("at").asText());
            assertThat(ended).isAfterOrEqualTo(bakeUntil).isBefore(due.plusMillis(1500));
            assertThat(firstBake.path("bakedMillis").asLong()).isGreaterThanOrEqualTo(2000L);
        }
    }

    @Test
    void a_crash_between_starting_an_apply_and_recording_it_replays_the_same_absolute_values_and_counts_it() throws Exception {
        var pg = PostgresFixture.newDatabase("release_replay");
        var db = TestDatabases.withRoles(pg, 4);
        String id;
        try (var first = instance(db)) {
            id = create(first, fourStages("checkout", "30s")).json().path("id").asText();
            awaitState(first, id, "baking", Duration.ofSeconds(20));
        }
        // What the row looks like when the process died after "apply_started" was written, before "applied".
        try (var c = pg.connect(); var st = c.createStatement()) {
            st.executeUpdate("UPDATE releases SET state = 'applying', applied_stage = -1, bake_started_at = NULL, bake_until = NULL,"
                    + " row_version = row_version + 1 WHERE id = '" + id + "'");
        }
        try (var second = instance(db)) {
            var baking = awaitState(second, id, "baking", Duration.ofSeconds(20)).json();

            assertThat(flags.calls("apply")).extracting(FakeFlagRollout.Call::percent).containsExactly(1, 1);
            assertThat(baking.path("applyCount").asInt()).isEqualTo(2);
            assertThat(flags.percent("checkout-v150")).isEqualTo(1);
            control(second, TestTollgate.RELEASE_MANAGER_TOKEN, id, "abort", "test over");
        }
    }

    @Test
    void two_instances_on_one_database_apply_each_stage_exactly_once() {
        var db = database("release_replicas");
        try (var a = instance(db); var b = instance(db)) {
            var one = create(a, fourStages("checkout", "400ms")).json().path("id").asText();
            var two = create(b, fourStages("cart", "400ms")).json().path("id").asText();

            awaitState(a, one, "promoted", Duration.ofSeconds(40));
            awaitState(b, two, "promoted", Duration.ofSeconds(40));

            for (String service : List.of("checkout", "cart")) {
                assertThat(flags.calls("apply").stream().filter(c -> c.feature().equals(service + "-v150")))
                        .extracting(FakeFlagRollout.Call::percent).as(service).containsExactly(1, 5, 25, 100);
                assertThat(traffic.calls("apply").stream().filter(c -> c.backend().equals(service)))
                        .extracting(FakeTrafficRouter.Call::percent).as(service).containsExactly(1, 5, 25, 100);
            }
            assertThat(get(a, one).json().path("applyCount").asInt()).isEqualTo(4);
        }
    }

    private static JsonNode bakeCompleted(JsonNode release, String stage) {
        return ReleaseFixtures.lines(release, "transition").stream()
                .filter(l -> l.path("event").asText().equals("bake_complete") && l.path("stage").asText().equals(stage))
                .findFirst().orElseThrow();
    }
}
