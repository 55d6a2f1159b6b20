package io.tollgate.slo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DurationsTest {

    @ParameterizedTest
    @CsvSource({"5s,PT5S,5s", "30s,PT30S,30s", "5m,PT5M,5m", "90m,PT1H30M,90m", "1h,PT1H,1h", "6h,PT6H,6h",
            "3d,PT72H,3d", "28d,PT672H,28d", "4w,PT672H,28d"})
    void parses_openslo_durations_and_renders_them_for_prometheus(String text, String iso, String prometheus) {
        var d = Durations.parse(text);

        assertThat(d).isEqualTo(Duration.parse(iso));
        assertThat(Durations.toPrometheus(d)).isEqualTo(prometheus);
    }

    @Test
    void rejects_zero_unknown_units_and_free_text() {
        assertThatThrownBy(() -> Durations.parse("0s")).hasMessage("must be positive, got '0s'");
        assertThatThrownBy(() -> Durations.parse("5y")).hasMessageContaining("unknown unit 'y'");
        assertThatThrownBy(() -> Durations.parse("-5m")).hasMessageContaining("got '-5m'");
        assertThatThrownBy(() -> Durations.parse("1Q")).hasMessageContaining("no fixed length");
    }

    @Test
    void refuses_to_render_sub_second_durations() {
        assertThatThrownBy(() -> Durations.toPrometheus(Duration.ofMillis(1500))).isInstanceOf(IllegalArgumentException.class);
    }
}
