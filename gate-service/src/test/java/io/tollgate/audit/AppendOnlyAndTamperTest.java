package io.tollgate.audit;

import static io.tollgate.audit.Decisions.aDecision;
import static io.tollgate.db.generated.Tables.AUDIT_EVENT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tollgate.decision.Outcome;
import io.tollgate.json.CanonicalJson;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A database-level attacker: the database refuses changes to the audit table, and every change made around
 * that refusal (a superuser with triggers bypassed, or anyone who can INSERT) is found by verify, against
 * the signatures and the published checkpoint. Each test prints what verify said.
 */
class AppendOnlyAndTamperTest {
    private AuditDatabases db;
    private JooqEventLog events;
    private JooqDecisionLog log;
    private List<DecisionRecord> records;

    @BeforeEach
    void tenRecordsAndACheckpoint() {
        db = AuditDatabases.fresh();
        events = TestAudit.log(db.database().dsl());
        log = new JooqDecisionLog(events);
        records = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            records.add(log.append(aDecision()));
        }
        assertThat(events.checkpoint()).hasValueSatisfying(c -> assertThat(c.seq()).isEqualTo(10));
        assertThat(events.verify().intact()).isTrue();
    }

    @AfterEach
    void close() {
        events.close();
        db.close();
    }

    @Test
    void database_refuses_update_delete_and_truncate_even_for_the_superuser() {
        for (var sql : List.of("update audit_event set kind = 'x' where seq = 5", "delete from audit_event where seq = 5",
                "truncate audit_event")) {
            assertThatThrownBy(() -> asSuperuser(sql, false)).as(sql).isInstanceOf(SQLException.class)
                    .hasMessageContaining("audit_event is append-only");
        }
        assertThat(events.verify().intact()).isTrue();
    }

    @Test
    void a_changed_outcome_is_a_hash_mismatch_at_its_record_only() throws SQLException {
        asSuperuser("update audit_event set payload = jsonb_set(payload::jsonb, '{outcome}', '\"allow\"') where seq = 6", true);

        var v = verifyAndPrint("update seq 6");

        assertThat(v.problems()).singleElement().satisfies(p -> {
            assertThat(p.fromSeq()).isEqualTo(6);
            assertThat(p.toSeq()).isEqualTo(6);
            assertThat(p.decisionId()).isEqualTo(records.get(5).decision().decisionId());
            assertThat(p.problem()).contains("hash mismatch");
        });
        assertThat(v.recordsChecked()).isEqualTo(10);
    }

    @Test
    void the_payload_column_holds_exactly_the_hashed_text_and_a_re_rendering_is_not_a_change() throws SQLException {
        try (Connection c = db.superuser().connect(); var st = c.createStatement();
             var rs = st.executeQuery("select payload::text from audit_event where seq = 4")) {
            rs.next();
            // Canonical already: what the hash covers, byte for byte (jsonb would have re-rendered it).
            assertThat(rs.getString(1)).isEqualTo(CanonicalJson.canonicalize(rs.getString(1))).doesNotContain("\": ");
        }
        // The same content spelled differently (jsonb's key order and spacing): verify canonicalizes it first.
        asSuperuser("update audit_event set payload = payload::jsonb::json where seq between 2 and 5", true);
        try (Connection c = db.superuser().connect(); var st = c.createStatement();
             var rs = st.executeQuery("select payload::text like '%\": %' from audit_event where seq = 4")) {
            rs.next();
            assertThat(rs.getBoolean(1)).as("re-rendered with jsonb's spacing").isTrue();
        }
        var rerendered = events.verify();
        assertThat(rerendered.intact()).as(rerendered.toString()).isTrue();
        assertThat(rerendered.recordsChecked()).isEqualTo(10);

        asSuperuser("update audit_event set payload = replace(payload::text, '\"outcome\": \"', '\"outcome\": \"x')::json where seq = 4", true);
        assertThat(verifyAndPrint("outcome changed in re-rendered text at seq 4").problems()).singleElement()
                .satisfies(p -> assertThat(p.fromSeq()).isEqualTo(4));
    }

    @Test
    void every_broken_range_is_reported_not_only_the_first() throws SQLException {
        asSuperuser("update audit_event set payload = jsonb_set(payload::jsonb, '{reasons}', '[]') where seq = 3", true);
        asSuperuser("delete from audit_event where seq = 7", true);

        var v = verifyAndPrint("update seq 3, delete seq 7");

        assertThat(v.problems()).extracting(ChainVerification.BrokenRange::fromSeq).containsExactly(3L, 7L);
        assertThat(v.problems().get(1).problem()).startsWith("missing");
    }

    @Test
    void deleting_the_newest_records_is_found_against_the_checkpoint() throws SQLException {
        asSuperuser("delete from audit_event where seq >= 9", true);

        var v = verifyAndPrint("delete seq 9-10");

        assertThat(v.problems()).singleElement().satisfies(p -> {
            assertThat(p.fromSeq()).isEqualTo(9);
            assertThat(p.toSeq()).isEqualTo(10);
            assertThat(p.problem()).contains("newest records were removed");
        });
        assertThat(v.checkpoints()).singleElement().satisfies(c -> assertThat(c.matches()).isFalse());
    }

    @Test
    void truncation_is_found_against_the_checkpoint() throws SQLException {
        asSuperuser("truncate audit_event", true);

        var v = verifyAndPrint("truncate");

        assertThat(v.recordsChecked()).isZero();
        assertThat(v.problems()).singleElement().satisfies(p -> assertThat(p.toSeq()).isEqualTo(10));
    }

    @Test
    void reordering_two_records_breaks_both() throws SQLException {
        asSuperuser("update audit_event set seq = 1000 where seq = 5; update audit_event set seq = 5 where seq = 6; "
                + "update audit_event set seq = 6 where seq = 1000", true);

        var v = verifyAndPrint("swap seq 5 and 6");

        assertThat(v.intact()).isFalse();
        assertThat(v.problems()).allSatisfy(p -> assertThat(p.fromSeq()).isBetween(5L, 7L));
    }

    @Test
    void a_rehashed_record_in_the_middle_breaks_its_signature_and_the_next_link() throws SQLException {
        var forged = records.get(6);
        var changed = withOutcome(forged.decision(), Outcome.ALLOW);
        var newHash = HashChain.hash(7, DecisionEvents.toEvent(changed), forged.recordedAt(), forged.previousHash());
        asSuperuser("update audit_event set payload = jsonb_set(jsonb_set(payload::jsonb, '{outcome}', '\"allow\"'), '{reasons}', '[]'), "
                + "hash = '" + newHash + "' where seq = 7", true);

        var v = verifyAndPrint("rehash seq 7");

        assertThat(v.problems()).extracting(ChainVerification.BrokenRange::fromSeq).containsExactly(7L, 8L);
        assertThat(v.problems().get(0).problem()).contains("bad signature");
        assertThat(v.problems().get(1).problem()).contains("broken link");
    }

    @Test
    void a_forged_record_appended_with_a_correct_hash_is_an_unsigned_tail_and_stops_further_appends() throws SQLException {
        var head = records.getLast();
        var genuine = DecisionEvents.toEvent(withOutcome(aDecision(), Outcome.ALLOW));
        var fake = new NewEvent(genuine.kind(), genuine.subject(), "release-manager-mallory", "", genuine.payload());
        var at = Instant.now().truncatedTo(ChronoUnit.MICROS);
        var row = new AuditEvent(11, fake.kind().wire(), fake.subject(), fake.actor(), fake.traceId(), at, fake.payload(),
                HashChain.EVENT, head.hash(), HashChain.hash(11, fake, at, head.hash()), null, null);
        try (Connection c = db.superuser().connect()) {
            DSL.using(c, SQLDialect.POSTGRES).insertInto(AUDIT_EVENT).set(EventRows.toRow(row)).execute();
        }

        var v = verifyAndPrint("insert a forged seq 11 with a recomputed hash");

        assertThat(v.signedThroughSeq()).isEqualTo(10);
        assertThat(v.problems()).singleElement().satisfies(p -> {
            assertThat(p.fromSeq()).isEqualTo(11);
            assertThat(p.problem()).startsWith("not signed");
        });
        assertThatThrownBy(() -> log.append(aDecision())).isInstanceOf(AuditTamperedException.class)
                .hasMessageContaining("seq 11");
        assertThat(events.verify().recordsChecked()).isEqualTo(11);
    }

    @Test
    void the_service_code_path_with_another_key_cannot_append_and_a_copied_signature_does_not_verify(@TempDir Path dir)
            throws SQLException {
        try (var intruder = JooqEventLog.open(db.database().dsl(), AuditKey.loadOrCreate(dir.resolve("other.key")),
                new CheckpointFile(dir.resolve("cp.jsonl")), 256, Duration.ZERO, null)) {
            assertThatThrownBy(() -> new JooqDecisionLog(intruder).append(aDecision()))
                    .isInstanceOf(AuditTamperedException.class).hasMessageContaining("not signed by this service's key");
        }
        assertThat(events.verify().recordsChecked()).isEqualTo(10);

        // Moving a genuine signature onto another record does not help either.
        asSuperuser("update audit_event set signature = (select signature from audit_event where seq = 10), "
                + "key_id = (select key_id from audit_event where seq = 10) where seq = 4", true);
        var v = verifyAndPrint("copy seq 10's signature onto seq 4");
        assertThat(v.problems()).singleElement().satisfies(p -> {
            assertThat(p.fromSeq()).isEqualTo(4);
            assertThat(p.problem()).contains("bad signature");
        });
    }

    @Test
    void verify_walks_the_chain_in_bounded_batches_across_batch_boundaries() throws SQLException {
        var key = TestAudit.key().publicKey();
        assertThat(new ChainVerifier(db.database().dsl(), 3, key).verify(java.util.Map.of()).intact()).isTrue();

        asSuperuser("update audit_event set payload = jsonb_set(payload::jsonb, '{stage}', '\"prod\"') where seq = 8", true);

        var v = new ChainVerifier(db.database().dsl(), 3, key).verify(java.util.Map.of());
        assertThat(v.firstBrokenSeq()).isEqualTo(8);
        assertThat(v.recordsChecked()).isEqualTo(10);
    }

    private ChainVerification verifyAndPrint(String tampering) {
        var v = events.verify();
        System.out.println("tampering: " + tampering + " -> intact=" + v.intact() + ", checked=" + v.recordsChecked()
                + ", signedThrough=" + v.signedThroughSeq() + ", problems=" + v.problems());
        assertThat(v.intact()).isFalse();
        return v;
    }

    private static NewDecision withOutcome(NewDecision d, Outcome outcome) {
        return new NewDecision(d.decisionId(), d.service(), d.version(), d.environment(), d.stage(), outcome, List.of(),
                d.policyRevision(), d.policyEngine(), d.dryRun(), d.actor(), d.traceId(), d.receivedAt(), d.evaluatedAt(),
                d.request(), d.policyInput());
    }

    /** Runs statements as the superuser; {@code bypassTriggers} sets session_replication_role = replica first. */
    private void asSuperuser(String sql, boolean bypassTriggers) throws SQLException {
        try (Connection c = db.superuser().connect(); var st = c.createStatement()) {
            if (bypassTriggers) {
                st.execute("set session_replication_role = replica");
            }
            st.execute(sql);
        }
    }
}
