package io.tollgate.audit;

import static io.tollgate.audit.Decisions.aDecision;
import static org.assertj.core.api.Assertions.assertThat;

import io.tollgate.json.Json;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HashChainTest {
    private static final Instant RECORDED = Instant.parse("2025-03-01T10:00:01.5Z");

    @Test
    void timestamps_are_fixed_width_utc_at_microseconds() {
        assertThat(HashChain.timestamp(Instant.parse("2025-03-01T10:00:00Z"))).isEqualTo("2025-03-01T10:00:00.000000Z");
        assertThat(HashChain.timestamp(Instant.parse("2025-03-01T10:00:00.123456789Z"))).isEqualTo("2025-03-01T10:00:00.123456Z");
    }

    @Test
    void event_hash_covers_every_column_but_the_hash_itself() {
        var e = DecisionEvents.toEvent(aDecision());
        var content = HashChain.content(1, e.kind().wire(), e.subject(), e.actor(), e.traceId(), RECORDED, e.payload(), HashChain.GENESIS);

        assertThat(content.propertyStream().map(Map.Entry::getKey)).containsExactlyInAnyOrder(
                "seq", "kind", "subject", "actor", "trace_id", "recorded_at", "payload", "previous_hash");
    }

    @Test
    void a_decision_payload_keeps_the_columns_of_the_decision_only_log() {
        assertThat(DecisionEvents.payload(aDecision()).propertyStream().map(Map.Entry::getKey)).containsExactlyInAnyOrder(
                "decision_id", "service", "version", "environment", "stage", "outcome", "reasons",
                "policy_revision", "policy_engine", "dry_run", "actor", "trace_id", "received_at", "evaluated_at",
                "request", "policy_input");
    }

    @Test
    void hash_is_sha256_hex_and_changes_with_seq_link_recorded_at_kind_or_payload() {
        var e = DecisionEvents.toEvent(aDecision());
        var h = HashChain.hash(1, e, RECORDED, HashChain.GENESIS);

        assertThat(h).matches("[0-9a-f]{64}").isEqualTo(HashChain.hash(1, e, RECORDED, HashChain.GENESIS));
        assertThat(HashChain.hash(2, e, RECORDED, HashChain.GENESIS)).isNotEqualTo(h);
        assertThat(HashChain.hash(1, e, RECORDED, "1".repeat(64))).isNotEqualTo(h);
        assertThat(HashChain.hash(1, e, RECORDED.plusNanos(1000), HashChain.GENESIS)).isNotEqualTo(h);
        assertThat(HashChain.hash(1, DecisionEvents.toEvent(aDecision()), RECORDED, HashChain.GENESIS)).isNotEqualTo(h);
        var otherKind = new NewEvent(EventKind.RELEASE_CREATED, e.subject(), e.actor(), e.traceId(), e.payload());
        assertThat(HashChain.hash(1, otherKind, RECORDED, HashChain.GENESIS)).isNotEqualTo(h);
    }

    @Test
    void the_writers_assembled_text_is_exactly_the_canonical_json_of_the_content() {
        var awkward = new NewEvent(EventKind.RELEASE_TRANSITION, "rel \"1\"\n", "kim\u0001ü", "trace\\x",
                Decisions.json("{\"b\":[1.50,2e3,{\"z\":null,\"a\":\"é\\t\"}],\"a\":true}"));
        // Timestamps the digest spells itself (years 0000-9999, before 1970, microseconds only) and by the formatter.
        var times = java.util.List.of(RECORDED, Instant.parse("1969-12-31T23:59:59.999999999Z"), Instant.parse("0001-01-01T00:00:00Z"),
                Instant.parse("9999-12-31T23:59:59.000001Z"), Instant.parse("+10000-01-01T00:00:00Z"), Instant.EPOCH.plusNanos(999));
        for (var e : java.util.List.of(DecisionEvents.toEvent(aDecision()), awkward)) {
            for (var at : times) {
                var expected = HashChain.sha256Hex(io.tollgate.json.CanonicalJson.write(HashChain.content(42, e.kind().wire(),
                        e.subject(), e.actor(), e.traceId(), at, e.payload(), HashChain.GENESIS)));
                assertThat(HashChain.hash(42, PreparedEvent.of(e), at, HashChain.GENESIS)).as("%s at %s", e.subject(), at).isEqualTo(expected);
            }
        }
    }

    @Test
    void recompute_follows_the_records_own_format() {
        var e = DecisionEvents.toEvent(aDecision());
        var hash = HashChain.hash(3, e, RECORDED, HashChain.GENESIS);
        var stored = new AuditEvent(3, e.kind().wire(), e.subject(), e.actor(), e.traceId(), RECORDED, e.payload(),
                HashChain.EVENT, HashChain.GENESIS, hash, null, null);

        assertThat(HashChain.recompute(stored)).isEqualTo(hash);
        var asLegacy = new AuditEvent(3, e.kind().wire(), e.subject(), e.actor(), e.traceId(), RECORDED, e.payload(),
                HashChain.LEGACY_DECISION, HashChain.GENESIS, hash, null, null);
        assertThat(HashChain.recompute(asLegacy)).isNotEqualTo(hash)
                .isEqualTo(HashChain.sha256Hex(io.tollgate.json.CanonicalJson.write(
                        HashChain.legacyDecisionContent(3, e.payload(), RECORDED, HashChain.GENESIS))));
        assertThat(Json.mapper().valueToTree(HashChain.legacyDecisionContent(3, e.payload(), RECORDED, HashChain.GENESIS))
                .get("seq").asLong()).isEqualTo(3);
    }
}
