package io.tollgate.audit;

import static io.tollgate.db.generated.Tables.AUDIT_EVENT;
import static org.assertj.core.api.Assertions.assertThat;

import io.tollgate.decision.Outcome;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The database verification with its per-record checks in parallel and its payloads re-hashed from their stored
 * text finds exactly what a walk checking one record after another, over payloads read as trees, finds.
 */
class ParallelVerifyTest {
    private AuditDatabases db;
    private JooqEventLog events;

    @BeforeEach
    void aChainOfBatchesOfSeveralSizes() {
        db = AuditDatabases.fresh();
        events = TestAudit.log(db.database().dsl());
        var store = events.store();
        int[] sizes = {1, 5, 17, 1, 3, 40, 2, 9};
        for (int size : sizes) {
            var batch = new ArrayList<PreparedEvent>();
            for (int i = 0; i < size; i++) {
                batch.add(PreparedEvent.of(DecisionEvents.toEvent(Decisions.decision("svc-" + i % 3, i % 4 == 0 ? Outcome.DENY : Outcome.ALLOW,
                        Decisions.T0.plusSeconds(i)))));
            }
            store.appendBatch(batch);
        }
    }

    @AfterEach
    void close() {
        events.close();
        db.close();
    }

    @Test
    void an_intact_chain_verifies_intact_either_way() {
        var parallel = new ChainVerifier(db.database().dsl(), 7, TestAudit.key().publicKey()).verify(Map.of());

        assertThat(parallel.intact()).isTrue();
        assertThat(parallel).isEqualTo(sequentialWalk());
        assertThat(parallel.recordsChecked()).isEqualTo(78);
    }

    @Test
    void finds_the_same_problems_as_a_record_by_record_walk_across_batch_boundaries() throws SQLException {
        tamper("update audit_event set payload = jsonb_set(payload::jsonb, '{outcome}', '\"allow\"') where seq = 7",
                "update audit_event set payload = jsonb_set(payload::jsonb, '{policy_input,slo,budget}', '1.5000') where seq = 20",
                "delete from audit_event where seq between 30 and 31",
                "update audit_event set previous_hash = repeat('a', 64) where seq = 44",
                "update audit_event set signature = (select signature from audit_event where seq = 1) where seq = 6",
                "update audit_event set hash_format = 1 where seq = 50",
                "update audit_event set actor = 'mallory' where seq = 71",
                "update audit_event set signature = null, key_id = null where seq = 78");

        var parallel = new ChainVerifier(db.database().dsl(), 7, TestAudit.key().publicKey()).verify(Map.of());
        System.out.println("parallel walk: " + parallel.problems());

        assertThat(parallel).isEqualTo(sequentialWalk());
        // An equal number stored with other digits (1.50 as 1.5000) still hashes the same: not a problem. A removed
        // signature makes its batch (70-78) an unsigned tail; seq 44 has a broken link and a hash mismatch.
        assertThat(parallel.problems()).extracting(ChainVerification.BrokenRange::fromSeq)
                .containsExactly(6L, 7L, 30L, 44L, 44L, 50L, 70L, 71L);
    }

    /** The walk as it was before: every row read as a tree, checked one after another. */
    private ChainVerification sequentialWalk() {
        var walk = new ChainWalk(TestAudit.key().publicKey(), Map.of());
        db.database().dsl().selectFrom(AUDIT_EVENT).orderBy(AUDIT_EVENT.SEQ).fetch(EventRows::fromRowExact).forEach(walk::accept);
        return walk.finish();
    }

    private void tamper(String... statements) throws SQLException {
        try (Connection c = db.superuser().connect(); var st = c.createStatement()) {
            st.execute("set session_replication_role = replica");
            for (var sql : statements) {
                st.execute(sql);
            }
        }
    }
}
