package io.tollgate.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code audit.*}: the group-commit knobs. */
class AuditConfigTest {

    @Test
    void defaults_to_batches_of_256_without_waiting() {
        var audit = ConfigLoader.load(null, Map.of()).audit();

        assertThat(audit).isEqualTo(AuditConfig.defaults());
        assertThat(audit.maxBatch()).isEqualTo(256);
        assertThat(audit.maxBatchWait()).isEqualTo(Duration.ZERO);
    }

    @Test
    void reads_both_knobs_from_the_file(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("t.yaml"), "audit:\n  maxBatch: 4096\n  maxBatchWait: 50ms\n");

        var audit = ConfigLoader.load(file, Map.of()).audit();

        assertThat(audit).isEqualTo(new AuditConfig(4096, Duration.ofMillis(50), null, null, null));
    }

    @Test
    void rejects_values_out_of_range_naming_the_key() {
        assertThatThrownBy(() -> new AuditConfig(0, Duration.ZERO, null, null, null)).hasMessage("audit.maxBatch: must be in 1..4096, got 0");
        assertThatThrownBy(() -> new AuditConfig(4097, Duration.ZERO, null, null, null)).hasMessage("audit.maxBatch: must be in 1..4096, got 4097");
        assertThatThrownBy(() -> new AuditConfig(1, Duration.ofMillis(51), null, null, null))
                .hasMessage("audit.maxBatchWait: must be between 0ms and 50ms, got 51ms");
        assertThatThrownBy(() -> new AuditConfig(1, Duration.ofMillis(-1), null, null, null))
                .hasMessageStartingWith("audit.maxBatchWait: must be between 0ms and 50ms");
    }
}
