package io.tollgate.audit;

import static io.tollgate.audit.Decisions.aDecision;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tollgate.config.AuditConfig;
import io.tollgate.testsupport.Eventually;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The checkpoint's promise across restarts, as an attacker with the database superuser (and, separately, with the
 * checkpoint file) would try to break it: a shortened or rewritten chain is never appended to or re-blessed by a new
 * checkpoint, and verify reports every checkpoint it cannot trust instead of quietly using an older one.
 */
class CheckpointIntegrityTest {
    @TempDir
    Path dir;
    private AuditDatabases db;
    private CheckpointFile file;
    private JooqEventLog events;

    @BeforeEach
    void tenRecordsAndACheckpointAtSeq10() {
        db = AuditDatabases.fresh();
        file = new CheckpointFile(dir.resolve("checkpoints.jsonl"));
        events = open(file);
        var log = new JooqDecisionLog(events);
        for (int i = 0; i < 10; i++) {
            log.append(aDecision());
        }
        assertThat(events.checkpoint()).hasValueSatisfying(c -> assertThat(c.seq()).isEqualTo(10));
    }

    @AfterEach
    void close() {
        events.close();
        db.close();
    }

    @Test
    void a_log_truncated_while_stopped_is_refused_after_restart_and_never_re_blessed() throws Exception {
        events.close();
        asSuperuser("delete from audit_event where seq > 6");

        events = open(file);
        assertThatThrownBy(() -> new JooqDecisionLog(events).append(aDecision()))
                .isInstanceOf(AuditTamperedException.class).hasMessageContaining("records 7..10 were removed");
        assertThat(events.healthProblem()).contains("records 7..10 were removed");
        assertThatThrownBy(() -> events.checkpoint()).isInstanceOf(AuditTamperedException.class);
        events.close(); // the shutdown checkpoint is refused too

        assertThat(file.read(TestAudit.key().publicKey()).newest()).hasValueSatisfying(c -> assertThat(c.seq()).isEqualTo(10));
        events = open(file);
        var v = events.verify();
        assertThat(v.intact()).isFalse();
        assertThat(v.problems()).anySatisfy(p -> assertThat(p.problem()).startsWith("missing").contains("reached seq 10"));
    }

    @Test
    void a_truncated_table_stays_refused_and_reported() throws Exception {
        events.close();
        asSuperuser("truncate audit_event");

        events = open(file);
        assertThatThrownBy(() -> new JooqDecisionLog(events).append(aDecision()))
                .isInstanceOf(AuditTamperedException.class).hasMessageContaining("empty");
        assertThat(events.healthProblem()).contains("truncated");
        assertThat(events.verify().intact()).isFalse();
    }

    @Test
    void a_restored_log_is_accepted_again_without_a_restart() throws Exception {
        events.close();
        asSuperuser("create table saved as select * from audit_event where seq > 6");
        asSuperuser("delete from audit_event where seq > 6");
        events = open(file);
        assertThat(events.healthProblem()).isNotNull();

        asSuperuser("insert into audit_event select * from saved");

        // The refusal re-checks the database at most once a second.
        Eventually.await("the restored log accepted", Duration.ofSeconds(10), events::healthProblem, p -> p == null);
        new JooqDecisionLog(events).append(aDecision());
        assertThat(events.checkpoint()).hasValueSatisfying(c -> assertThat(c.seq()).isEqualTo(11));
        assertThat(events.verify().intact()).isTrue();
    }

    @Test
    void an_unsigned_head_makes_readiness_down() throws Exception {
        assertThat(events.healthProblem()).isNull();
        asSuperuser("insert into audit_event (seq, kind, subject, actor, trace_id, recorded_at, payload, hash_format, previous_hash, hash)"
                + " select 11, kind, 'forged', actor, trace_id, recorded_at, payload, hash_format, hash, repeat('a', 64)"
                + " from audit_event where seq = 10");

        String problem = Eventually.await("readiness down", Duration.ofSeconds(10), events::healthProblem, p -> p != null);
        assertThat(problem).contains("seq 11").contains("not signed");
    }

    @Test
    void verify_reports_every_line_of_the_checkpoint_file_it_cannot_trust() throws Exception {
        new JooqDecisionLog(events).append(aDecision());
        assertThat(events.checkpoint()).hasValueSatisfying(c -> assertThat(c.seq()).isEqualTo(11));
        var lines = Files.readAllLines(file.path());
        // The newest line edited (seq 11 -> 12): it must be reported, not silently replaced by the older line.
        lines.set(1, lines.get(1).replace("\"seq\":11", "\"seq\":12"));
        lines.add("garbage");
        lines.add(foreignCheckpoint().toLine());
        Files.write(file.path(), lines);

        var v = events.verify();

        assertThat(v.intact()).isFalse();
        assertThat(v.problems()).extracting(ChainVerification.BrokenRange::problem)
                .anySatisfy(p -> assertThat(p).contains("line 2: bad signature"))
                .anySatisfy(p -> assertThat(p).contains("line 3: not a checkpoint"))
                .anySatisfy(p -> assertThat(p).contains("line 4: signed by another key"));
    }

    @Test
    void verify_reports_a_checkpoint_file_that_vanished_during_the_run_and_after_a_restart() throws Exception {
        Files.delete(file.path());
        assertThat(events.verify().problems()).extracting(ChainVerification.BrokenRange::problem)
                .anySatisfy(p -> assertThat(p).contains("is gone: this service published checkpoints to it"));

        events.close(); // publishes again into a new file: the line of seq 10 is not in it any more
        Files.deleteIfExists(file.path());
        events = open(file);
        var v = events.verify();
        assertThat(v.intact()).isFalse();
        assertThat(v.problems()).extracting(ChainVerification.BrokenRange::problem)
                .anySatisfy(p -> assertThat(p).contains("the database records a checkpoint published to it at seq 10"));
    }

    @Test
    void a_directory_in_place_of_the_checkpoint_file_is_reported_not_a_crash() throws Exception {
        Files.delete(file.path());
        Files.createDirectory(file.path());

        var v = events.verify();

        assertThat(v.intact()).isFalse();
        assertThat(v.problems()).extracting(ChainVerification.BrokenRange::problem)
                .anySatisfy(p -> assertThat(p).contains("is not a regular file"));
        assertThatThrownBy(() -> {
            new JooqDecisionLog(events).append(aDecision());
            events.checkpoint();
        }).isInstanceOf(AuditUnavailableException.class).hasMessageContaining("checkpoint file");
    }

    @Test
    void a_checkpoint_of_another_log_is_told_apart_from_a_rewrite() {
        try (var other = AuditDatabases.fresh(); var otherEvents = open(other, file)) {
            assertThatThrownBy(() -> new JooqDecisionLog(otherEvents).append(aDecision()))
                    .isInstanceOf(AuditTamperedException.class).hasMessageContaining("empty");
        }
        var otherDb = AuditDatabases.fresh();
        var otherFile = new CheckpointFile(dir.resolve("other.jsonl"));
        try (var otherEvents = open(otherDb, otherFile)) {
            new JooqDecisionLog(otherEvents).append(aDecision());
            var foreign = otherEvents.checkpoint().orElseThrow();

            var v = events.verify(foreign);

            assertThat(v.intact()).isFalse();
            assertThat(v.problems()).extracting(ChainVerification.BrokenRange::problem)
                    .anySatisfy(p -> assertThat(p).startsWith("another log").contains(foreign.logId()))
                    .noneSatisfy(p -> assertThat(p).startsWith("rewritten"));
        } finally {
            otherDb.close();
        }
    }

    @Test
    void checkpoints_name_their_log_by_its_first_record() {
        var c = events.checkpoint().orElseThrow();
        String firstHash = events.store().logId().orElseThrow();
        assertThat(c.logId()).isEqualTo(firstHash).hasSize(64);
        assertThat(Checkpoint.parse(c.toLine())).isEqualTo(c);
        // The log id is signed: changing it breaks the signature.
        var moved = new Checkpoint("0".repeat(64), c.seq(), c.headHash(), c.time(), c.keyId(), c.signature());
        assertThat(moved.verifiedBy(TestAudit.key().publicKey())).isFalse();
    }

    private Checkpoint foreignCheckpoint() throws IOException {
        var otherKey = AuditKey.loadOrCreate(dir.resolve("other.key"));
        var c = file.read(TestAudit.key().publicKey()).newest().orElseThrow();
        return Checkpoint.sign(c.logId(), c.seq() + 5, c.headHash(), c.time(), otherKey);
    }

    private JooqEventLog open(CheckpointFile checkpoints) {
        return open(db, checkpoints);
    }

    private static JooqEventLog open(AuditDatabases database, CheckpointFile checkpoints) {
        return JooqEventLog.open(database.database().dsl(), TestAudit.key(), checkpoints, AuditConfig.DEFAULT_MAX_BATCH, Duration.ZERO, null);
    }

    private void asSuperuser(String sql) throws SQLException {
        try (var c = db.superuser().connect(); var st = c.createStatement()) {
            st.execute("set session_replication_role = replica");
            st.execute(sql);
        }
    }

}
