package io.tollgate.audit;

import static io.tollgate.db.generated.Tables.AUDIT_EVENT;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Verification reads rows through binary COPY, decoding the columns itself: every column must come out as the
 * driver reads it from a result set, at the edges of each type (timestamps before PostgreSQL's 2000 epoch and
 * far after it, text beyond ASCII, null signatures, an empty range).
 */
class StoredRowsCopyTest {
    private static final List<Instant> TIMES = List.of(
            Instant.parse("0001-01-01T00:00:00Z"),
            Instant.parse("1969-12-31T23:59:59.999999Z"),
            Instant.parse("1999-12-31T23:59:59.999999Z"),
            Instant.parse("2000-01-01T00:00:00Z"),
            Instant.parse("2026-12-07T23:59:59.123456Z"),
            Instant.parse("+10000-01-01T00:00:00.000001Z"));

    private AuditDatabases db;

    @BeforeEach
    void rowsWithEdgeValues() {
        db = AuditDatabases.fresh();
        var dsl = db.database().dsl();
        for (int i = 0; i < TIMES.size(); i++) {
            var payload = JsonNodeFactory.instance.objectNode().put("note", "ünïcødé ✓ \"quoted\" \\ " + i).put("n", 1.5 + i);
            boolean signed = i % 2 == 0;
            var e = new AuditEvent(i + 1, "kind-" + i, "subject ✓ " + i, "actor-" + i, "trace-" + i, TIMES.get(i), payload,
                    (short) HashChain.EVENT, "a".repeat(64), Integer.toString(i).repeat(64).substring(0, 64),
                    signed ? "sig-" + i : null, signed ? "key-" + i : null);
            dsl.insertInto(AUDIT_EVENT).set(EventRows.toRow(e)).execute();
        }
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void every_column_reads_as_the_drivers_result_set_reads_it() {
        var dsl = db.database().dsl();
        var expected = dsl.selectFrom(AUDIT_EVENT).orderBy(AUDIT_EVENT.SEQ).fetch();

        var copied = dsl.connectionResult(c -> StoredRowsCopy.read(c, 0, Long.MAX_VALUE, 100));

        assertThat(copied).hasSize(TIMES.size());
        for (int i = 0; i < copied.size(); i++) {
            var row = expected.get(i);
            var stored = copied.get(i);
            var read = EventRows.fromRow(row);
            assertThat(stored.columns()).isEqualTo(new AuditEvent(read.seq(), read.kind(), read.subject(), read.actor(), read.traceId(),
                    read.recordedAt(), null, read.hashFormat(), read.previousHash(), read.hash(), read.signature(), read.keyId()));
            assertThat(stored.columns().recordedAt()).isEqualTo(TIMES.get(i));
            assertThat(new String(stored.payloadText(), StandardCharsets.UTF_8)).isEqualTo(row.getPayload().data());
        }
    }

    @Test
    void a_range_and_a_limit_bound_what_is_read_and_the_connection_stays_usable() {
        var dsl = db.database().dsl();

        var middle = dsl.connectionResult(c -> StoredRowsCopy.read(c, 1, 5, 2));
        var none = dsl.connectionResult(c -> StoredRowsCopy.read(c, 6, Long.MAX_VALUE, 10));

        assertThat(middle).extracting(r -> r.columns().seq()).containsExactly(2L, 3L);
        assertThat(none).isEmpty();
        assertThat(dsl.fetchCount(AUDIT_EVENT)).isEqualTo(TIMES.size());
    }
}
