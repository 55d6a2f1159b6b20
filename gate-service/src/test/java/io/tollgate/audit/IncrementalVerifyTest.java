package io.tollgate.audit;

import static io.tollgate.audit.Decisions.aDecision;
import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.SQLException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code verify(…, incremental)}: after a walk found the chain intact through seq N, the next one reads only the
 * records after N, and finds tampering there, at the boundary, and with the record at N itself.
 */
class IncrementalVerifyTest {
    private AuditDatabases db;
    private JooqEventLog events;
    private JooqDecisionLog log;

    @BeforeEach
    void twentyRecordsVerifiedThenTenMore() {
        db = AuditDatabases.fresh();
        events = TestAudit.log(db.database().dsl());
        log = new JooqDecisionLog(events);
        append(20);
        var full = events.verify(null, true);
        assertThat(full.intact()).isTrue();
        assertThat(full.fromSeq()).as("no point verified yet: a full walk").isZero();
        assertThat(full.recordsChecked()).isEqualTo(20);
        append(10);
    }

    @AfterEach
    void close() {
        events.close();
        db.close();
    }

    @Test
    void reads_only_the_records_after_the_newest_verified_point() {
        var v = events.verify(null, true);

        assertThat(v.intact()).isTrue();
        assertThat(v.fromSeq()).isEqualTo(20);
        assertThat(v.recordsChecked()).isEqualTo(10);
        assertThat(v.headSeq()).isEqualTo(30);
        assertThat(v.signedThroughSeq()).isEqualTo(30);

        append(5);
        var next = events.verify(null, true);
        assertThat(next.fromSeq()).isEqualTo(30);
        assertThat(next.recordsChecked()).isEqualTo(5);
        assertThat(events.verify(null, false).recordsChecked()).as("a full walk still reads everything").isEqualTo(35);
    }

    @Test
    void finds_a_changed_record_after_the_point() throws SQLException {
        tamper("update audit_event set payload = jsonb_set(payload::jsonb, '{outcome}', '\"allow\"') where seq = 25");

        var v = events.verify(null, true);

        assertThat(v.fromSeq()).isEqualTo(20);
        assertThat(v.problems()).singleElement().satisfies(p -> {
            assertThat(p.fromSeq()).isEqualTo(25);
            assertThat(p.problem()).contains("hash mismatch");
        });
    }

    @Test
    void reports_a_broken_link_at_the_boundary() throws SQLException {
        tamper("update audit_event set previous_hash = repeat('b', 64) where seq = 21");

        var v = events.verify(null, true);

        assertThat(v.fromSeq()).isEqualTo(20);
        assertThat(v.problems()).anySatisfy(p -> {
            assertThat(p.fromSeq()).isEqualTo(21);
            assertThat(p.problem()).contains("broken link");
        });
    }

    @Test
    void finds_records_removed_right_after_the_point() throws SQLException {
        tamper("delete from audit_event where seq in (21, 22)");

        var v = events.verify(null, true);

        assertThat(v.problems()).singleElement().satisfies(p -> {
            assertThat(p.fromSeq()).isEqualTo(21);
            assertThat(p.toSeq()).isEqualTo(22);
            assertThat(p.problem()).startsWith("missing");
        });
    }

    @Test
    void walks_everything_again_when_the_verified_record_itself_changed() throws SQLException {
        tamper("update audit_event set hash = repeat('c', 64) where seq = 20");

        var v = events.verify(null, true);

        assertThat(v.fromSeq()).as("the point is not trusted any more").isZero();
        assertThat(v.recordsChecked()).isEqualTo(30);
        assertThat(v.problems().stream().map(ChainVerification.BrokenRange::problem))
                .anyMatch(p -> p.startsWith("rewritten: the hash at seq 20 differs from the one verified intact"));
    }

    @Test
    void finds_the_newest_records_removed_when_nothing_came_after_the_point() throws SQLException {
        assertThat(events.verify(null, true).headSeq()).isEqualTo(30);
        tamper("delete from audit_event where seq > 27");

        var v = events.verify(null, true);

        assertThat(v.intact()).isFalse();
        assertThat(v.problems().stream().map(ChainVerification.BrokenRange::problem))
                .anyMatch(p -> p.startsWith("missing: the record at seq 30"));
    }

    @Test
    void after_a_finding_every_verify_walks_the_whole_chain_until_it_is_intact_again() throws SQLException {
        tamper("update audit_event set payload = jsonb_set(payload::jsonb, '{stage}', '\"prod\"') where seq = 25");
        assertThat(events.verify(null, true).intact()).isFalse();

        var again = events.verify(null, true);

        assertThat(again.fromSeq()).isZero();
        assertThat(again.recordsChecked()).isEqualTo(30);
        assertThat(again.firstBrokenSeq()).isEqualTo(25);
    }

    @Test
    void compares_a_checkpoint_at_or_before_the_point_with_the_hash_stored_there() throws SQLException {
        var logId = storedHash(1);
        var checkpoint = Checkpoint.sign(logId, 15, storedHash(15), Decisions.T0, TestAudit.key());
        assertThat(events.verify(checkpoint, true).checkpoints())
                .anySatisfy(c -> {
                    assertThat(c.checkpoint().seq()).isEqualTo(15);
                    assertThat(c.matches()).isTrue();
                });

        append(1);
        var forged = Checkpoint.sign(logId, 15, "d".repeat(64), Decisions.T0, TestAudit.key());
        var v = events.verify(forged, true);
        assertThat(v.fromSeq()).isEqualTo(30);
        assertThat(v.problems()).anySatisfy(p -> assertThat(p.problem()).startsWith("rewritten: the hash at seq 15"));
    }

    private String storedHash(long seq) {
        return db.database().dsl().resultQuery("select hash from audit_event where seq = " + seq).fetchOne(0, String.class);
    }

    private void append(int n) {
        for (int i = 0; i < n; i++) {
            log.append(aDecision());
        }
    }

    private void tamper(String sql) throws SQLException {
        try (Connection c = db.superuser().connect(); var st = c.createStatement()) {
            st.execute("set session_replication_role = replica");
            st.execute(sql);
        }
    }
}
