package io.tollgate.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code policy.replay.*}: defaults, limits, and the keys as an operator writes them. */
class PolicyReplayConfigTest {

    @Test
    void defaults_to_20_mib_and_two_minutes() {
        var c = ConfigLoader.load(null, Map.of()).policy().replay();

        assertThat(c.maxBundleBytes()).isEqualTo(20 * 1024 * 1024);
        assertThat(c.timeout()).isEqualTo(Duration.ofMinutes(2));
        assertThat(PolicyConfig.embeddedDefaults().replay()).isEqualTo(c);
    }

    @Test
    void reads_the_keys_from_the_file() throws Exception {
        var file = Files.createTempFile("tollgate-", ".yaml");
        Files.writeString(file, "policy:\n  replay:\n    maxBundleBytes: 1048576\n    timeout: 30s\n");

        var c = ConfigLoader.load(file, Map.of()).policy().replay();

        assertThat(c.maxBundleBytes()).isEqualTo(1024 * 1024);
        assertThat(c.timeout()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void rejects_values_out_of_range_naming_the_key() {
        assertThatThrownBy(() -> new PolicyReplayConfig(1024, null))
                .isInstanceOf(ConfigException.class)
                .hasMessage("policy.replay.maxBundleBytes: must be in 65536..268435456, got 1024");
        assertThatThrownBy(() -> new PolicyReplayConfig(null, Duration.ofMillis(50)))
                .hasMessage("policy.replay.timeout: must be between 100ms and 10m, got 50ms");
        assertThatThrownBy(() -> new PolicyReplayConfig(null, Duration.ofMinutes(11)))
                .hasMessage("policy.replay.timeout: must be between 100ms and 10m, got 11m");
    }
}
