package io.tollgate.server;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ConnectionLimitTest {

    @Test
    void derives_the_cap_from_the_descriptors_left_after_the_reserve() {
        var limit = ConnectionLimit.of(0, 1024, 200);
        assertThat(limit.connections()).isEqualTo(1024 - 200 - ConnectionLimit.RESERVE);
        assertThat(limit.derived()).isTrue();
        assertThat(limit.headroom()).isEqualTo(ConnectionLimit.RESERVE);
    }

    @Test
    void never_derives_less_than_the_floor() {
        assertThat(ConnectionLimit.of(0, 256, 250).connections()).isEqualTo(ConnectionLimit.FLOOR);
    }

    @Test
    void a_configured_cap_wins_and_reports_its_missing_headroom() {
        var limit = ConnectionLimit.of(5000, 512, 150);
        assertThat(limit.connections()).isEqualTo(5000);
        assertThat(limit.derived()).isFalse();
        assertThat(limit.headroom()).isNegative();
    }

    @Test
    void an_unknown_descriptor_limit_gets_a_fixed_default() {
        assertThat(ConnectionLimit.of(0, -1, -1).connections()).isEqualTo(ConnectionLimit.UNKNOWN_LIMIT_DEFAULT);
    }
}
