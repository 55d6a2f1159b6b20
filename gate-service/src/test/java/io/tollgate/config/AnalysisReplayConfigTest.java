package io.tollgate.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code analysis.replay.*}: defaults, limits, and the keys as an operator writes them. */
class AnalysisReplayConfigTest {

    @Test
    void defaults_to_one_at_a_time_4_mib_and_20000_intervals() {
        var c = ConfigLoader.load(null, Map.of()).analysis().replay();

        assertThat(c.maxConcurrent()).isEqualTo(1);
        assertThat(c.maxBodyBytes()).isEqualTo(4 * 1024 * 1024);
        assertThat(c.maxIntervals()).isEqualTo(20_000);
        assertThat(AnalysisReplayConfig.defaults()).isEqualTo(c);
    }

    @Test
    void reads_the_keys_from_the_file() throws Exception {
        var file = Files.createTempFile("tollgate-", ".yaml");
        Files.writeString(file, "analysis:\n  replay:\n    maxConcurrent: 2\n    maxBodyBytes: 1048576\n    maxIntervals: 5000\n");

        var c = ConfigLoader.load(file, Map.of()).analysis().replay();

        assertThat(c).isEqualTo(new AnalysisReplayConfig(2, 1024 * 1024, 5000));
    }

    @Test
    void rejects_values_out_of_range_naming_the_key() {
        assertThatThrownBy(() -> new AnalysisReplayConfig(0, null, null)).isInstanceOf(ConfigException.class)
                .hasMessage("analysis.replay.maxConcurrent: must be in 1..16, got 0");
        assertThatThrownBy(() -> new AnalysisReplayConfig(null, 1024, null))
                .hasMessage("analysis.replay.maxBodyBytes: must be in 65536..67108864, got 1024");
        assertThatThrownBy(() -> new AnalysisReplayConfig(null, null, 100_001))
                .hasMessage("analysis.replay.maxIntervals: must be in 1..100000, got 100001");
    }
}
