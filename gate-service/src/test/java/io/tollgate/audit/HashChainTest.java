package io.tollgate.audit;

import static io.tollgate.audit.Decisions.aDecision;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class HashChainTest {
    private static final Instant RECORDED = Instant.parse("2025-03-01T10:00:01.5Z");

    @Test
    void timestamps_are_fixed_width_utc_at_microseconds() {
        assertThat(HashChain.timestamp(Instant.parse("2025-03-01T10:00:00Z"))).isEqualTo("2025-03-01T10:00:00.000000Z");
        assertThat(HashChain.timestamp(Instant.parse("2025-03-01T10:00:00.123456789Z"))).isEqualTo("2025-03-01T10:00:00.123456Z");
    }

    @Test
    void hash_covers_every_content_column_and_the_previous_hash() {
        var content = HashChain.content(1, aDecision(), RECORDED, HashChain.GENESIS);

        assertThat(content.propertyStream().map(java.util.Map.Entry::getKey)).containsExactlyInAnyOrder(
                "seq", "decision_id", "service", "version", "environment", "stage", "outcome", "reasons",
                "policy_revision", "policy_engine", "dry_run", "actor", "trace_id", "received_at", "evaluated_at",
                "recorded_at", "request", "policy_input", "previous_hash");
    }

    @Test
    void hash_is_sha256_hex_and_changes_with_seq_link_or_recorded_at() {
        var d = aDecision();
        var h = HashChain.hash(1, d, RECORDED, HashChain.GENESIS);

        assertThat(h).matches("[0-9a-f]{64}").isEqualTo(HashChain.hash(1, d, RECORDED, HashChain.GENESIS));
        assertThat(HashChain.hash(2, d, RECORDED, HashChain.GENESIS)).isNotEqualTo(h);
        assertThat(HashChain.hash(1, d, RECORDED, "1".repeat(64))).isNotEqualTo(h);
        assertThat(HashChain.hash(1, d, RECORDED.plusNanos(1000), HashChain.GENESIS)).isNotEqualTo(h);
        assertThat(HashChain.hash(1, aDecision(), RECORDED, HashChain.GENESIS)).isNotEqualTo(h);
    }
}
