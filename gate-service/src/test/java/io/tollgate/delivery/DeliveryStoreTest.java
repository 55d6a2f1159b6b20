package io.tollgate.delivery;

import static io.tollgate.delivery.DeliveryScenario.hours;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.tollgate.db.Database;
import io.tollgate.support.TestDatabases;
import io.tollgate.testsupport.PostgresFixture;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The metrics of a recorded history in a real PostgreSQL, against the numbers worked out by hand in {@link DeliveryScenario}. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DeliveryStoreTest {
    private static final Instant NOW = Instant.parse("2026-11-24T10:00:00Z");
    private Database database;
    private DeliveryScenario s;
    private DeliveryService delivery;

    @BeforeAll
    void record() {
        database = Database.open(TestDatabases.withRoles(PostgresFixture.newDatabase("delivery"), 2));
        s = DeliveryScenario.record(new RecordedHistory(database.dsl()), NOW);
        delivery = new DeliveryService(new DeliveryStore(database.dsl()), Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @AfterAll
    void close() {
        database.close();
    }

    @Test
    void reads_one_record_per_release_with_its_moments_and_leaves_out_dry_runs_and_older_releases() {
        var records = new DeliveryStore(database.dsl()).records("checkout", "production", NOW.minus(hours(720)), NOW);

        assertThat(records).extracting(DeliveryRecord::releaseId).containsExactlyInAnyOrder(s.r1, s.r2, s.r3, s.r4, s.r5, s.r6, s.r8);
        var r5 = records.stream().filter(r -> r.releaseId().equals(s.r5)).findFirst().orElseThrow();
        assertThat(r5.committedAt()).isEqualTo(DeliveryScenario.at(NOW, 30));
        assertThat(r5.firstAppliedAt()).isEqualTo(DeliveryScenario.at(NOW, 25));
        assertThat(r5.promotedAt()).isEqualTo(DeliveryScenario.at(NOW, 24));
        assertThat(r5.rolledBackAt()).isEqualTo(DeliveryScenario.at(NOW, 12));
        assertThat(r5.restoredAt()).isEqualTo(DeliveryScenario.at(NOW, 11));
        assertThat(r5.emergency()).isFalse();
        assertThat(records.stream().filter(r -> r.releaseId().equals(s.r3)).findFirst().orElseThrow().emergency()).isTrue();
    }

    @Test
    void computes_the_five_metrics_of_a_service_with_failures() {
        var m = delivery.metrics("checkout", "production", DeliveryWindow.THIRTY_DAYS).getFirst();

        assertThat(m.frequency().deployments()).isEqualTo(5);
        assertThat(m.frequency().perDay()).isCloseTo(5 / 30.0, within(1e-9));
        assertThat(m.leadTime().releases()).isEqualTo(4);
        assertThat(m.leadTime().median()).isEqualTo(hours(5));
        assertThat(m.leadTime().p90()).isEqualTo(hours(8.8));
        assertThat(m.leadTime().withoutCommittedAt()).containsExactly(s.r8);
        assertThat(m.failRate().deployments()).isEqualTo(6);
        assertThat(m.failRate().failed()).isEqualTo(3);
        assertThat(m.failRate().ratio()).isEqualTo(0.5);
        assertThat(m.failRate().failures()).extracting(DeliveryMetrics.Failure::releaseId, DeliveryMetrics.Failure::cause)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(s.r2, DeliveryMetrics.Cause.EMERGENCY_FOLLOW_UP),
                        org.assertj.core.groups.Tuple.tuple(s.r4, DeliveryMetrics.Cause.ROLLED_BACK),
                        org.assertj.core.groups.Tuple.tuple(s.r5, DeliveryMetrics.Cause.ROLLED_BACK));
        assertThat(m.failRate().failures().getFirst().followedBy()).isEqualTo(s.r3);
        assertThat(m.recovery().recovered()).isEqualTo(3);
        assertThat(m.recovery().median()).isEqualTo(hours(9));
        assertThat(m.recovery().p90()).isEqualTo(hours(12.2));
        assertThat(m.recovery().unrecovered()).isEmpty();
        assertThat(m.rework().rework()).isEqualTo(1);
        assertThat(m.rework().ratio()).isEqualTo(0.2);
    }

    @Test
    void a_service_without_failures_has_a_zero_fail_rate_and_no_recovery_time() {
        var m = delivery.metrics("search", "production", DeliveryWindow.THIRTY_DAYS).getFirst();

        assertThat(m.frequency().deployments()).isEqualTo(2);
        assertThat(m.leadTime().median()).isEqualTo(hours(2.5));
        assertThat(m.leadTime().p90()).isEqualTo(hours(2.9));
        assertThat(m.failRate().ratio()).isEqualTo(0.0);
        assertThat(m.recovery().failures()).isZero();
        assertThat(m.recovery().median()).isNull();
        assertThat(m.rework().ratio()).isEqualTo(0.0);
    }

    @Test
    void an_empty_window_has_zero_counts_and_no_ratios_or_times() {
        var m = delivery.metrics("checkout", "production", DeliveryWindow.parse("4h")).getFirst();
        var elsewhere = delivery.metrics("checkout", "staging", DeliveryWindow.THIRTY_DAYS).getFirst();

        for (var x : List.of(m, elsewhere)) {
            assertThat(x.frequency().deployments()).isZero();
            assertThat(x.frequency().perDay()).isZero();
            assertThat(x.leadTime().median()).isNull();
            assertThat(x.failRate().deployments()).isZero();
            assertThat(x.failRate().ratio()).isNull();
            assertThat(x.recovery().median()).isNull();
            assertThat(x.rework().ratio()).isNull();
        }
    }

    @Test
    void a_shorter_window_counts_only_what_happened_in_it() {
        var m = delivery.metrics("checkout", "production", DeliveryWindow.parse("30h")).getFirst();

        assertThat(m.frequency().deployments()).isEqualTo(2); // r5 and r8
        assertThat(m.failRate().deployments()).isEqualTo(2);
        assertThat(m.failRate().failed()).isEqualTo(1); // r5
        assertThat(m.recovery().median()).isEqualTo(hours(13));
        assertThat(m.leadTime().median()).isEqualTo(hours(6));
    }

    @Test
    void without_filters_every_service_and_environment_is_listed() {
        var all = delivery.metrics(null, null, DeliveryWindow.THIRTY_DAYS);

        assertThat(all).extracting(DeliveryMetrics::service, DeliveryMetrics::environment).containsExactly(
                org.assertj.core.groups.Tuple.tuple("checkout", "production"), org.assertj.core.groups.Tuple.tuple("search", "production"));
    }
}
