package io.tollgate.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tollgate.testsupport.MutableClock;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The writer's two paths on a real PostgreSQL: the one-round-trip insert onto the head it committed itself,
 * and the fallback that reads the head when someone else appended meanwhile.
 */
class ChainWriterTest {
    private AuditDatabases db;

    @BeforeEach
    void freshDatabase() {
        db = AuditDatabases.fresh();
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void two_writers_taking_turns_keep_one_gapless_chain() {
        var a = writer(Clock.systemUTC());
        var b = writer(Clock.systemUTC());
        long expected = 0;
        for (int round = 0; round < 5; round++) {
            // Each writer's last commit is stale once the other wrote: its quick insert collides, it re-reads the head.
            var fromA = a.appendBatch(events("a" + round, 2));
            var fromB = b.appendBatch(events("b" + round, 3));
            assertThat(fromA).extracting(AuditEvent::seq).containsExactly(expected + 1, expected + 2);
            assertThat(fromB).extracting(AuditEvent::seq).containsExactly(expected + 3, expected + 4, expected + 5);
            assertThat(fromB.getFirst().previousHash()).isEqualTo(fromA.getLast().hash());
            expected += 5;
        }
        // Consecutive batches of one writer take the quick path and still chain.
        var again = a.appendBatch(events("a-again", 1));
        var andAgain = a.appendBatch(events("a-and-again", 1));
        assertThat(andAgain.getFirst().previousHash()).isEqualTo(again.getFirst().hash());

        var verification = verify();
        assertThat(verification.intact()).isTrue();
        assertThat(verification.recordsChecked()).isEqualTo(expected + 2);
    }

    @Test
    void a_batch_larger_than_one_insert_statement_is_written_whole_on_both_paths() {
        var writer = writer(Clock.systemUTC());
        var slow = writer.appendBatch(events("first", 1_500)); // nothing committed yet: reads the head
        var quick = writer.appendBatch(events("second", 2_100));

        assertThat(slow.getLast().seq()).isEqualTo(1_500);
        assertThat(quick.getLast().seq()).isEqualTo(3_600);
        assertThat(verify().recordsChecked()).isEqualTo(3_600);
        assertThat(verify().intact()).isTrue();
    }

    @Test
    void recorded_at_never_goes_back_when_the_clock_does() {
        var clock = new MutableClock(Instant.parse("2026-11-30T10:00:00Z"));
        var writer = writer(clock);
        var first = writer.appendBatch(events("before", 1)).getFirst();
        clock.advance(Duration.ofMinutes(-5));
        var second = writer.appendBatch(events("after", 1)).getFirst();
        // Another writer whose clock is behind too, starting from the head it reads.
        var third = writer(clock).appendBatch(events("other", 1)).getFirst();

        assertThat(second.recordedAt()).isEqualTo(first.recordedAt());
        assertThat(third.recordedAt()).isEqualTo(first.recordedAt());
        clock.advance(Duration.ofMinutes(10));
        assertThat(writer.appendBatch(events("later", 1)).getFirst().recordedAt()).isEqualTo(clock.instant());
        assertThat(verify().intact()).isTrue();
    }

    @Test
    void a_row_appended_without_the_key_stops_the_quick_path_and_nothing_more_is_written() throws SQLException {
        var writer = writer(Clock.systemUTC());
        var head = writer.appendBatch(events("honest", 1)).getFirst();
        var forged = head.seq() + 1;
        try (var c = db.superuser().connect(); var st = c.createStatement()) {
            st.execute("insert into audit_event (seq, kind, subject, actor, trace_id, recorded_at, payload, hash_format, "
                    + "previous_hash, hash) values (" + forged + ", 'decision', 'forged', 'mallory', '-', now(), '{}', 2, '"
                    + head.hash() + "', '" + "f".repeat(64) + "')");
        }

        assertThatThrownBy(() -> writer.appendBatch(events("after-forgery", 1)))
                .isInstanceOf(AuditTamperedException.class).hasMessageContaining("seq " + forged);
        assertThat(verify().recordsChecked()).isEqualTo(2);
    }

    private ChainWriter writer(Clock clock) {
        return new ChainWriter(db.database().dsl(), TestAudit.key(), clock);
    }

    private ChainVerification verify() {
        return new ChainVerifier(db.database().dsl(), 500, TestAudit.key().publicKey()).verify(Map.of());
    }

    private static List<PreparedEvent> events(String subject, int count) {
        return IntStream.range(0, count)
                .mapToObj(i -> PreparedEvent.of(new NewEvent(EventKind.RELEASE_TRANSITION, subject + "-" + i, "tollgate", null,
                        Decisions.json("{\"from\":\"pending\",\"to\":\"gating\",\"n\":" + i + "}"))))
                .toList();
    }
}
