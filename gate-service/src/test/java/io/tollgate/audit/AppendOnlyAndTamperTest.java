package io.tollgate.audit;

import static io.tollgate.audit.Decisions.aDecision;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The database refuses changes to the audit table; changes made around that refusal are found by verify(). */
class AppendOnlyAndTamperTest {
    private AuditDatabases db;
    private JooqDecisionLog log;
    private List<DecisionRecord> records;

    @BeforeEach
    void tenRecords() {
        db = AuditDatabases.fresh();
        log = db.log();
        records = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            records.add(log.append(aDecision()));
        }
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void database_refuses_update_even_for_the_superuser() {
        assertThatThrownBy(() -> asSuperuser("update audit_event set kind = 'x' where seq = 5", false))
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("audit_event is append-only: UPDATE refused");
        assertThat(log.verify().intact()).isTrue();
    }

    @Test
    void database_refuses_delete_even_for_the_superuser() {
        assertThatThrownBy(() -> asSuperuser("delete from audit_event where seq = 5", false))
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("audit_event is append-only: DELETE refused");
        assertThat(log.verify().recordsChecked()).isEqualTo(10);
    }

    @Test
    void database_refuses_truncate_even_for_the_superuser() {
        assertThatThrownBy(() -> asSuperuser("truncate audit_event", false))
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("audit_event is append-only: TRUNCATE refused");
        assertThat(log.verify().recordsChecked()).isEqualTo(10);
    }

    @Test
    void verify_reports_the_record_whose_outcome_was_changed_behind_the_trigger() throws SQLException {
        asSuperuser("update audit_event set payload = jsonb_set(payload, '{outcome}', '\"allow\"') where seq = 6", true);

        var verification = log.verify();

        assertThat(verification.intact()).isFalse();
        assertThat(verification.firstBrokenSeq()).isEqualTo(6);
        assertThat(verification.firstBrokenDecisionId()).isEqualTo(records.get(5).decision().decisionId());
        assertThat(verification.problem()).contains("hash mismatch");
        assertThat(verification.recordsChecked()).isEqualTo(6);
        assertThat(verification.headHash()).isEqualTo(records.get(4).hash());
    }

    @Test
    void verify_reports_the_record_whose_reasons_were_changed_behind_the_trigger() throws SQLException {
        asSuperuser("update audit_event set payload = jsonb_set(payload, '{reasons}', '[]') where seq = 3", true);

        var verification = log.verify();

        assertThat(verification.intact()).isFalse();
        assertThat(verification.firstBrokenSeq()).isEqualTo(3);
        assertThat(verification.firstBrokenDecisionId()).isEqualTo(records.get(2).decision().decisionId());
    }

    @Test
    void verify_reports_a_removed_middle_record_as_a_gap_at_the_next_record() throws SQLException {
        asSuperuser("delete from audit_event where seq = 4", true);

        var verification = log.verify();

        assertThat(verification.intact()).isFalse();
        assertThat(verification.firstBrokenSeq()).isEqualTo(5);
        assertThat(verification.firstBrokenDecisionId()).isEqualTo(records.get(4).decision().decisionId());
        assertThat(verification.problem()).contains("gap").contains("expected seq 4");
    }

    @Test
    void verify_reports_a_rehashed_record_by_the_broken_link_after_it() throws SQLException {
        // A forger who recomputes the changed record's own hash still breaks the next record's link.
        var forged = records.get(6);
        var changed = new NewDecision(forged.decision().decisionId(), forged.decision().service(), forged.decision().version(),
                forged.decision().environment(), forged.decision().stage(), io.tollgate.decision.Outcome.ALLOW, List.of(),
                forged.decision().policyRevision(), forged.decision().policyEngine(), forged.decision().dryRun(),
                forged.decision().actor(), forged.decision().traceId(), forged.decision().receivedAt(),
                forged.decision().evaluatedAt(), forged.decision().request(), forged.decision().policyInput());
        var newHash = HashChain.hash(7, DecisionEvents.toEvent(changed), forged.recordedAt(), forged.previousHash());
        asSuperuser("update audit_event set payload = jsonb_set(jsonb_set(payload, '{outcome}', '\"allow\"'), '{reasons}', '[]'), hash = '" + newHash + "' where seq = 7", true);

        var verification = log.verify();

        assertThat(verification.firstBrokenSeq()).isEqualTo(8);
        assertThat(verification.problem()).contains("broken link");
    }

    @Test
    void verify_walks_the_chain_in_bounded_batches_across_batch_boundaries() throws SQLException {
        assertThat(new ChainVerifier(db.database().dsl(), 3).verify().intact()).isTrue();

        asSuperuser("update audit_event set payload = jsonb_set(payload, '{stage}', '\"prod\"') where seq = 8", true);

        var verification = new ChainVerifier(db.database().dsl(), 3).verify();
        assertThat(verification.firstBrokenSeq()).isEqualTo(8);
        assertThat(verification.recordsChecked()).isEqualTo(8);
    }

    /** Runs one statement as the superuser; {@code bypassTriggers} sets session_replication_role = replica first. */
    private void asSuperuser(String sql, boolean bypassTriggers) throws SQLException {
        try (Connection c = db.superuser().connect(); var st = c.createStatement()) {
            if (bypassTriggers) {
                st.execute("set session_replication_role = replica");
            }
            st.execute(sql);
        }
    }
}
