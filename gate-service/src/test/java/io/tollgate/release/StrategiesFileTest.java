package io.tollgate.release;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tollgate.config.ConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StrategiesFileTest {

    @Test
    void the_shipped_example_strategies_are_valid() {
        var strategies = StrategiesFile.load(Path.of(System.getProperty("tollgate.root"), "release-strategies.yaml"));

        assertThat(strategies).containsKeys("standard-canary", "fast-canary");
        assertThat(strategies.get("standard-canary")).extracting(ReleaseSpec.Stage::name)
                .containsExactly("canary-1", "canary-5", "canary-25", "canary-50", "full");
        assertThat(strategies.get("standard-canary").getFirst().bakeMillis()).isEqualTo(300_000);
        assertThat(strategies.get("standard-canary").getLast().bakeMillis()).isZero();
    }

    @Test
    void a_bad_stage_stops_start_up_naming_the_file_strategy_and_field(@TempDir Path dir) throws Exception {
        var file = dir.resolve("s.yaml");
        Files.writeString(file, """
                slow:
                  stages:
                    - {name: canary-1, trafficPercent: 1, flagPercent: 1}
                    - {name: full, trafficPercent: 100, flagPercent: 100}
                """);

        assertThatThrownBy(() -> StrategiesFile.load(file)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("releases.strategiesFile").hasMessageContaining("slow.stages[0].bake");
    }
}
