package io.tollgate.delivery;

import static io.tollgate.delivery.DeliveryScenario.at;
import static io.tollgate.delivery.DeliveryScenario.hours;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The definitions' edges, on records built by hand (no database). */
class DeliveryCalculatorTest {
    private static final Instant NOW = Instant.parse("2026-11-24T10:00:00Z");
    private static final Instant FROM = NOW.minus(Duration.ofDays(30));

    private static DeliveryRecord promoted(double createdHoursAgo, double promotedHoursAgo, boolean emergency) {
        return new DeliveryRecord(UUID.randomUUID(), "checkout", "production", at(NOW, createdHoursAgo), null, emergency,
                at(NOW, promotedHoursAgo + 0.5), at(NOW, promotedHoursAgo), null, null);
    }

    private static DeliveryMetrics compute(DeliveryRecord... records) {
        return DeliveryCalculator.compute("checkout", "production", List.of(records), FROM, NOW);
    }

    @Test
    void percentiles_interpolate_between_closest_ranks() {
        var values = List.of(hours(10), hours(2), hours(6), hours(4));

        assertThat(DeliveryCalculator.percentile(values, 0.5)).isEqualTo(hours(5));
        assertThat(DeliveryCalculator.percentile(values, 0.9)).isEqualTo(hours(8.8));
        assertThat(DeliveryCalculator.percentile(List.of(hours(3)), 0.9)).isEqualTo(hours(3));
        assertThat(DeliveryCalculator.percentile(List.of(), 0.5)).isNull();
    }

    @Test
    void an_emergency_release_more_than_a_day_later_does_not_fail_the_deployment_before_it() {
        var planned = promoted(50, 49, false);
        var emergency = promoted(24.9, 24, true); // created 24.1h after the promotion

        var m = compute(planned, emergency);

        assertThat(m.failRate().failed()).isZero();
        assertThat(m.rework().rework()).isEqualTo(1);
        assertThat(m.rework().ratio()).isEqualTo(0.5);
    }

    @Test
    void only_the_very_next_release_can_mark_a_deployment_failed() {
        var first = promoted(30, 29, false);
        var second = promoted(28, 27, false);
        var emergency = promoted(26, 25, true);

        var m = compute(first, second, emergency);

        assertThat(m.failRate().failures()).extracting(DeliveryMetrics.Failure::releaseId).containsExactly(second.releaseId());
        assertThat(m.recovery().median()).isEqualTo(hours(2)); // second promoted -27h, emergency promoted -25h
    }

    @Test
    void a_rollback_before_any_stage_took_traffic_is_no_deployment() {
        var r = new DeliveryRecord(UUID.randomUUID(), "checkout", "production", at(NOW, 5), null, false, null, null, at(NOW, 4), at(NOW, 4));

        var m = compute(r);

        assertThat(m.failRate().deployments()).isZero();
        assertThat(m.failRate().ratio()).isNull();
    }

    @Test
    void a_failure_without_rollback_verified_or_later_promotion_stays_unrecovered() {
        var r = new DeliveryRecord(UUID.randomUUID(), "checkout", "production", at(NOW, 5), null, false, at(NOW, 4), null, at(NOW, 3), null);

        var m = compute(r);

        assertThat(m.failRate().failed()).isEqualTo(1);
        assertThat(m.recovery().recovered()).isZero();
        assertThat(m.recovery().median()).isNull();
        assertThat(m.recovery().unrecovered()).containsExactly(r.releaseId());
    }

    @Test
    void a_commit_time_after_the_promotion_is_left_out_of_the_lead_time() {
        var r = new DeliveryRecord(UUID.randomUUID(), "checkout", "production", at(NOW, 5), at(NOW, 1), false, at(NOW, 4), at(NOW, 3), null, null);

        var m = compute(r);

        assertThat(m.leadTime().releases()).isZero();
        assertThat(m.leadTime().median()).isNull();
        assertThat(m.leadTime().withoutCommittedAt()).containsExactly(r.releaseId());
    }

    @Test
    void windows_are_days_or_hours_and_say_what_they_accept() {
        assertThat(DeliveryWindow.parse("7d").duration()).isEqualTo(Duration.ofDays(7));
        assertThat(DeliveryWindow.parse("12h").duration()).isEqualTo(Duration.ofHours(12));
        for (String bad : new String[] {"0d", "30", "30m", "-1d", "400d", "1.5d", ""}) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> DeliveryWindow.parse(bad)).as(bad)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("got \"" + bad + "\"");
        }
    }
}
