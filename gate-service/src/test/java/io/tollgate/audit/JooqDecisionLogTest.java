package io.tollgate.audit;

import static io.tollgate.audit.Decisions.aDecision;
import static io.tollgate.audit.Decisions.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tollgate.decision.Outcome;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class JooqDecisionLogTest {
    private AuditDatabases db;
    private JooqDecisionLog log;

    @BeforeEach
    void freshDatabase() {
        db = AuditDatabases.fresh();
        log = db.log();
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void append_then_find_round_trips_every_field() {
        var decision = aDecision();

        var appended = log.append(decision);
        var found = log.find(decision.decisionId()).orElseThrow();

        assertThat(found).isEqualTo(appended);
        assertThat(found.decision()).isEqualTo(decision);
        assertThat(found.decision().request()).isEqualTo(decision.request());
        assertThat(found.decision().policyInput()).isEqualTo(decision.policyInput());
        assertThat(found.decision().reasons()).isEqualTo(decision.reasons());
        assertThat(found.decision().evaluatedAt()).isEqualTo(Decisions.T0.truncatedTo(ChronoUnit.MICROS));
        assertThat(found.decision().receivedAt()).isEqualTo(decision.receivedAt());
        assertThat(found.recordedAt()).isEqualTo(found.recordedAt().truncatedTo(ChronoUnit.MICROS));
        assertThat(found.seq()).isEqualTo(1);
        assertThat(found.hash()).hasSize(64).matches("[0-9a-f]{64}")
                .isEqualTo(HashChain.hash(1, DecisionEvents.toEvent(decision), found.recordedAt(), HashChain.GENESIS));
    }

    @Test
    void find_returns_empty_for_an_unknown_decision_id() {
        log.append(aDecision());

        assertThat(log.find(UUID.randomUUID())).isEmpty();
    }

    @Test
    void first_record_links_to_64_zeros_and_each_next_to_the_previous_hash() {
        var records = new ArrayList<DecisionRecord>();
        for (int i = 0; i < 5; i++) {
            records.add(log.append(aDecision()));
        }

        assertThat(records.getFirst().previousHash()).isEqualTo("0".repeat(64));
        for (int i = 1; i < records.size(); i++) {
            assertThat(records.get(i).seq()).isEqualTo(i + 1);
            assertThat(records.get(i).previousHash()).isEqualTo(records.get(i - 1).hash());
            assertThat(records.get(i).recordedAt()).isAfterOrEqualTo(records.get(i - 1).recordedAt());
        }
        var verification = log.verify();
        assertThat(verification.intact()).isTrue();
        assertThat(verification.recordsChecked()).isEqualTo(5);
        assertThat(verification.headHash()).isEqualTo(records.getLast().hash());
    }

    @Test
    void an_empty_log_verifies_intact_with_the_genesis_head() {
        assertThat(log.verify()).isEqualTo(new ChainVerification(true, 0, 0, HashChain.GENESIS, 0, List.of(), List.of()));
    }

    @Test
    void concurrent_appends_from_8_threads_get_seqs_1_to_200_without_gaps_and_an_intact_chain() throws Exception {
        var pool = Executors.newFixedThreadPool(8);
        try {
            var tasks = new ArrayList<Callable<List<Long>>>();
            for (int t = 0; t < 8; t++) {
                tasks.add(() -> {
                    var seqs = new ArrayList<Long>();
                    for (int i = 0; i < 25; i++) {
                        seqs.add(log.append(aDecision()).seq());
                    }
                    return seqs;
                });
            }
            var seqs = new ArrayList<Long>();
            for (Future<List<Long>> f : pool.invokeAll(tasks, 60, TimeUnit.SECONDS)) {
                seqs.addAll(f.get());
            }

            assertThat(seqs).hasSize(200).doesNotHaveDuplicates();
            assertThat(seqs.stream().mapToLong(Long::longValue).sorted().toArray())
                    .isEqualTo(java.util.stream.LongStream.rangeClosed(1, 200).toArray());
            var verification = log.verify();
            assertThat(verification.intact()).as(verification.toString()).isTrue();
            assertThat(verification.recordsChecked()).isEqualTo(200);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void hash_survives_jsonb_reordering_whitespace_and_number_spelling() {
        var base = aDecision();
        var awkward = new NewDecision(base.decisionId(), base.service(), base.version(), base.environment(),
                base.stage(), Outcome.HOLD, base.reasons(), base.policyRevision(), base.policyEngine(), true,
                "actor \"quoted\" \\ é 🚀", "", base.receivedAt(), base.evaluatedAt(),
                json("{ \"zeta\" : 1.50, \"alpha\": [1e2, 0.1, -0.0, 12345678901234567890123], \"ü\": \"tab\\there\\u0001\" }"),
                json("{\"b\":{\"d\":1.0,\"c\":null},\"a\":[{\"y\":true,\"x\":false}],\"n\":1e-7,\"big\":1.0E300}"));

        var appended = log.append(awkward);

        assertThat(log.verify().intact()).isTrue();
        assertThat(log.find(awkward.decisionId()).orElseThrow().hash()).isEqualTo(appended.hash());
    }

    @Test
    void appending_a_decision_id_twice_is_refused_and_leaves_the_chain_intact() {
        var decision = aDecision();
        log.append(decision);

        assertThatThrownBy(() -> log.append(decision))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(decision.decisionId().toString());
        var next = log.append(aDecision());
        assertThat(next.seq()).isEqualTo(2);
        assertThat(log.verify().intact()).isTrue();
    }

    @Test
    void health_problem_is_null_while_the_database_answers() {
        assertThat(log.healthProblem()).isNull();
    }
}
