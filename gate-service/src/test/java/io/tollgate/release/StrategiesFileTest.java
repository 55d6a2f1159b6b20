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

    @Test
    void a_bake_over_24h_stops_start_up_naming_the_field(@TempDir Path dir) throws Exception {
        var file = dir.resolve("s.yaml");
        Files.writeString(file, """
                forever:
                  stages:
                    - {name: canary-1, trafficPercent: 1, flagPercent: 1, bake: 5m}
                    - {name: canary-5, trafficPercent: 5, flagPercent: 5, bake: 100000000h}
                    - {name: full, trafficPercent: 100, flagPercent: 100}
                """);

        assertThatThrownBy(() -> StrategiesFile.load(file)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("forever.stages[1].bake").hasMessageContaining("at most 24h");
    }

    @Test
    void a_named_strategy_may_carry_an_analysis_block_validated_like_an_inline_one(@TempDir Path dir) throws Exception {
        var file = dir.resolve("s.yaml");
        Files.writeString(file, """
                analysed:
                  stages:
                    - {name: canary-1, trafficPercent: 1, flagPercent: 1, bake: 5m}
                    - {name: full, trafficPercent: 100, flagPercent: 100}
                  analysis: {interval: 10s, alpha: 0.005, maxExtension: 10m,
                             latency: {histogram: http_server_requests_seconds, versionLabel: version, baselineVersion: 1.4.9,
                                       bucketsSeconds: ["0.25", "1.0"]}}
                plain:
                  stages:
                    - {name: canary-1, trafficPercent: 1, flagPercent: 1, bake: 5m}
                    - {name: full, trafficPercent: 100, flagPercent: 100}
                """);

        var read = StrategiesFile.read(file);

        assertThat(read.stages()).containsKeys("analysed", "plain");
        assertThat(read.analysis()).containsOnlyKeys("analysed");
        var a = read.analysis().get("analysed");
        assertThat(a.interval()).hasSeconds(10);
        assertThat(a.alpha()).isEqualTo(0.005);
        assertThat(a.warmup()).as("one interval by default").hasSeconds(10);
        assertThat(a.maxExtension(read.stages().get("analysed").getFirst())).hasMinutes(10);
        assertThat(a.latency().bucketsSeconds()).containsExactly("0.25", "1.0");

        Files.writeString(file, """
                analysed:
                  stages:
                    - {name: canary-1, trafficPercent: 1, flagPercent: 1, bake: 5m}
                    - {name: full, trafficPercent: 100, flagPercent: 100}
                  analysis: {maxRatio: 1}
                """);
        assertThatThrownBy(() -> StrategiesFile.read(file)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("releases.strategiesFile").hasMessageContaining("analysed.analysis.maxRatio");
    }

    @Test
    void a_named_strategy_may_set_on_drift_and_a_bad_value_names_the_field(@TempDir Path dir) throws Exception {
        var file = dir.resolve("s.yaml");
        Files.writeString(file, """
                self-healing:
                  onDrift: reapply
                  stages:
                    - {name: canary-1, trafficPercent: 1, flagPercent: 1, bake: 5m}
                    - {name: full, trafficPercent: 100, flagPercent: 100}
                plain:
                  stages:
                    - {name: full, trafficPercent: 100, flagPercent: 100}
                """);
        var read = StrategiesFile.read(file);
        assertThat(read.onDrift()).containsExactly(java.util.Map.entry("self-healing", OnDrift.REAPPLY));
        var config = ReleaseConfig.defaults().withStrategies(read.stages());
        assertThat(new ReleaseConfig(config.gateTimeout(), config.gateRetry(), config.lookInterval(), config.adapterGuard(),
                config.adapterGuards(), config.grossErrorRatio(), config.grossMinRequests(), read.stages(), read.analysis(),
                read.onDrift()).onDrift("plain")).isEqualTo(OnDrift.HALT);

        Files.writeString(file, """
                odd:
                  onDrift: ignore
                  stages:
                    - {name: full, trafficPercent: 100, flagPercent: 100}
                """);
        assertThatThrownBy(() -> StrategiesFile.read(file)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("odd.onDrift").hasMessageContaining("halt or reapply");
    }
}
