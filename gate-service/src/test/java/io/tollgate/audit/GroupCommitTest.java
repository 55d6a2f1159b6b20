package io.tollgate.audit;

import static io.tollgate.audit.Decisions.aDecision;
import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Group commit on a real PostgreSQL: many callers share one transaction, a failed transaction fails
 * every caller in it and leaves nothing behind, and one bad record does not take its batch down.
 */
class GroupCommitTest {
    /** Long enough that callers released together land in one batch even on a busy machine. */
    private static final Duration GATHER = Duration.ofMillis(300);

    private AuditDatabases db;
    private final ConcurrentLinkedQueue<Integer> committedBatches = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<Integer> failedBatches = new ConcurrentLinkedQueue<>();
    private ExecutorService callers;

    @BeforeEach
    void freshDatabase() {
        db = AuditDatabases.fresh();
        callers = Executors.newFixedThreadPool(16);
    }

    @AfterEach
    void close() {
        callers.shutdownNow();
        db.close();
    }

    @Test
    void callers_released_together_share_one_transaction_and_all_see_their_own_record() throws Exception {
        try (var events = eventLog(256, GATHER)) {
            var log = new JooqDecisionLog(events);
            var results = concurrently(16, i -> log.append(aDecision()));

            var stored = new ArrayList<DecisionRecord>();
            for (var r : results) {
                stored.add((DecisionRecord) r.get(30, TimeUnit.SECONDS));
            }
            assertThat(stored).extracting(DecisionRecord::seq).containsExactlyInAnyOrderElementsOf(seqs(1, 16));
            assertThat(committedBatches).hasSizeLessThan(16).anyMatch(size -> size > 1);
            for (var record : stored) {
                assertThat(log.find(record.decision().decisionId())).contains(record);
            }
            assertThat(log.verify().intact()).isTrue();
        }
    }

    @Test
    void a_batch_never_exceeds_max_batch() throws Exception {
        try (var events = eventLog(4, GATHER)) {
            var log = new JooqDecisionLog(events);
            for (var r : concurrently(16, i -> log.append(aDecision()))) {
                r.get(30, TimeUnit.SECONDS);
            }

            assertThat(committedBatches).allMatch(size -> size <= 4);
            assertThat(committedBatches.stream().mapToInt(Integer::intValue).sum()).isEqualTo(16);
            assertThat(log.verify().recordsChecked()).isEqualTo(16);
        }
    }

    @Test
    void a_batch_whose_commit_fails_fails_every_caller_in_it_and_records_nothing() throws Exception {
        try (var events = eventLog(256, GATHER)) {
            var log = new JooqDecisionLog(events);
            log.append(aDecision());
            // Every insert now violates a constraint: the batch's transaction cannot commit.
            asSuperuser("alter table audit_event add constraint refuse_all check (seq < 0) not valid");

            var results = concurrently(8, i -> log.append(aDecision()));

            for (var r : results) {
                assertThat(outcomeOf(r)).isInstanceOf(AuditUnavailableException.class);
            }
            assertThat(failedBatches.stream().mapToInt(Integer::intValue).sum()).isEqualTo(8);
            assertThat(log.verify().recordsChecked()).isEqualTo(1);

            asSuperuser("alter table audit_event drop constraint refuse_all");
            assertThat(log.append(aDecision()).seq()).isEqualTo(2);
            assertThat(log.verify().intact()).isTrue();
        }
    }

    @Test
    void a_duplicate_decision_id_fails_only_its_own_caller() throws Exception {
        try (var events = eventLog(256, GATHER)) {
            var log = new JooqDecisionLog(events);
            var first = aDecision();
            log.append(first);

            var results = concurrently(6, i -> log.append(i == 3 ? first : aDecision()));

            for (int i = 0; i < results.size(); i++) {
                var outcome = outcomeOf(results.get(i));
                if (i == 3) {
                    assertThat(outcome).isInstanceOf(DuplicateEventException.class)
                            .isInstanceOf(IllegalArgumentException.class);
                } else {
                    assertThat(outcome).isInstanceOf(DecisionRecord.class);
                }
            }
            assertThat(log.verify().recordsChecked()).isEqualTo(6);
            assertThat(log.verify().intact()).isTrue();
        }
    }

    @Test
    void appends_after_close_are_refused_as_unavailable() {
        var events = eventLog(256, Duration.ZERO);
        var log = new JooqDecisionLog(events);
        log.append(aDecision());
        events.close();

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> log.append(aDecision()))
                .isInstanceOf(AuditUnavailableException.class).hasMessageContaining("closed");
        assertThat(log.verify().recordsChecked()).isEqualTo(1);
    }

    @Test
    void other_kinds_share_the_chain_and_are_listed_by_kind_and_subject() {
        try (var events = eventLog(256, Duration.ZERO)) {
            var log = new JooqDecisionLog(events);
            log.append(aDecision());
            var payload = Decisions.json("{\"from\":\"pending\",\"to\":\"gating\",\"reason\":\"created\"}");
            var transition = events.append(new NewEvent(EventKind.RELEASE_TRANSITION, "rel-1", "tollgate", null, payload));
            log.append(aDecision());

            assertThat(transition.seq()).isEqualTo(2);
            assertThat(transition.kind()).isEqualTo("release.transition");
            var page = events.list(new EventQuery(EventKind.RELEASE_TRANSITION, null, null, 10, null));
            assertThat(page.items()).containsExactly(transition);
            assertThat(events.list(new EventQuery(null, "rel-1", null, 10, null)).items()).containsExactly(transition);
            assertThat(events.list(new EventQuery(null, null, null, 2, null)).items()).extracting(AuditEvent::seq)
                    .containsExactly(3L, 2L);
            assertThat(log.list(new DecisionQuery(null, null, null, 10, null)).items()).hasSize(2);
            assertThat(events.verify().recordsChecked()).isEqualTo(3);
            assertThat(events.verify().intact()).isTrue();
        }
    }

    private JooqEventLog eventLog(int maxBatch, Duration maxWait) {
        return JooqEventLog.open(db.database().dsl(), TestAudit.key(), TestAudit.freshCheckpointFile(), maxBatch, maxWait, new GroupCommitAppender.Listener() {
            @Override
            public void batchCommitted(int size, double seconds) {
                committedBatches.add(size);
            }

            @Override
            public void batchFailed(int size) {
                failedBatches.add(size);
            }
        });
    }

    /** Starts {@code n} calls at once (a latch releases them together) and returns their futures. */
    private List<Future<Object>> concurrently(int n, Function<Integer, Object> call) {
        var start = new CountDownLatch(1);
        var futures = new ArrayList<Future<Object>>();
        for (int i = 0; i < n; i++) {
            int index = i;
            futures.add(callers.submit(() -> {
                start.await();
                return call.apply(index);
            }));
        }
        start.countDown();
        return futures;
    }

    /** The value of a finished call, or the exception it threw. */
    private static Object outcomeOf(Future<Object> future) throws Exception {
        try {
            return future.get(30, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            return e.getCause();
        }
    }

    private static List<Long> seqs(long from, long to) {
        return java.util.stream.LongStream.rangeClosed(from, to).boxed().toList();
    }

    private void asSuperuser(String sql) throws SQLException {
        try (var c = db.superuser().connect(); var st = c.createStatement()) {
            st.execute(sql);
        }
    }
}
