package io.tollgate.analysis.source;

import static org.assertj.core.api.Assertions.assertThat;

import io.tollgate.json.Json;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CounterSnapshotTest {

    @Test
    void deltas_are_per_series_so_one_restarted_instance_does_not_distort_the_sum() {
        var before = Map.of("a", 1000L, "b", 5000L, "gone", 70L);
        var now = Map.of("a", 1100L, "b", 30L, "new", 4L);

        // a: +100; b restarted: 30 new; new series: 4; the vanished one adds nothing.
        assertThat(CounterSnapshot.delta(before, now)).isEqualTo(134);
    }

    @Test
    void a_snapshot_survives_a_json_round_trip() throws Exception {
        var snapshot = new CounterSnapshot(Map.of("q", Map.of("{code=5xx}", 12L)));

        assertThat(Json.mapper().readValue(Json.mapper().writeValueAsString(snapshot), CounterSnapshot.class)).isEqualTo(snapshot);
    }
}
