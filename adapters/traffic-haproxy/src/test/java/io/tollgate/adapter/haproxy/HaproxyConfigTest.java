package io.tollgate.adapter.haproxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class HaproxyConfigTest {

    @Test
    void defaults_are_two_seconds_and_total_weight_100() {
        var c = HaproxyConfig.defaults("127.0.0.1", 9999);
        assertThat(c.callTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(c.totalWeight()).isEqualTo(100);
        assertThat(c.stateFile()).isNull();
    }

    @Test
    void rejects_bad_values_naming_the_field() {
        var ok = HaproxyConfig.defaults("127.0.0.1", 9999);
        assertThatThrownBy(() -> HaproxyConfig.defaults(" ", 9999)).hasMessageContaining("host");
        assertThatThrownBy(() -> HaproxyConfig.defaults(null, 9999)).hasMessageContaining("host");
        assertThatThrownBy(() -> HaproxyConfig.defaults("h", 0)).hasMessageContaining("runtimePort");
        assertThatThrownBy(() -> HaproxyConfig.defaults("h", 65536)).hasMessageContaining("runtimePort");
        assertThat(ok.withCallTimeout(null).callTimeout()).as("left out in configuration").isEqualTo(HaproxyConfig.DEFAULT_CALL_TIMEOUT);
        assertThatThrownBy(() -> ok.withCallTimeout(Duration.ZERO)).hasMessageContaining("callTimeout");
        assertThatThrownBy(() -> ok.withCallTimeout(Duration.ofMinutes(2))).hasMessageContaining("callTimeout");
        assertThat(ok.withTotalWeight(0).totalWeight()).as("left out in configuration").isEqualTo(HaproxyConfig.DEFAULT_TOTAL_WEIGHT);
        assertThatThrownBy(() -> ok.withTotalWeight(-1)).hasMessageContaining("totalWeight");
        assertThatThrownBy(() -> ok.withTotalWeight(257)).hasMessageContaining("totalWeight");
        assertThat(ok.withTotalWeight(256).totalWeight()).isEqualTo(256);
    }
}
