package io.tollgate.policy.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tollgate.audit.JooqDecisionLog;
import io.tollgate.audit.NewDecision;
import io.tollgate.audit.TestAudit;
import io.tollgate.auth.Principal;
import io.tollgate.auth.Role;
import io.tollgate.config.DatabaseConfig;
import io.tollgate.config.PolicyReplayConfig;
import io.tollgate.db.Database;
import io.tollgate.decision.Outcome;
import io.tollgate.decision.Reason;
import io.tollgate.gate.GateCheckRequest;
import io.tollgate.gate.PolicyInputs;
import io.tollgate.json.Json;
import io.tollgate.policy.PolicyBundle;
import io.tollgate.testsupport.OpaServerFixture;
import io.tollgate.testsupport.PostgresFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The replay core on a real decision log: paging past one page, the cap on listed changes, the deadline and the one-at-a-time
 * slot (a stepped ticker instead of waiting), and a candidate that cannot decide. Recorded verdicts are written directly, so
 * the "before" side is whatever a test needs; the "after" side is the real shipped policy.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PolicyReplayTest {
    private static final Instant T0 = Instant.parse("2026-11-24T10:00:00Z");
    private static final int RECORDED = 1_100;
    private static final Duration EVALUATION = Duration.ofSeconds(2);

    private Database database;
    private JooqDecisionLog log;
    private final PolicyBundle shipped = PolicyBundle.loadFromClasspath();

    @BeforeAll
    void recordDecisions() {
        var db = PostgresFixture.newDatabase("policy_replay_core");
        database = Database.open(DatabaseConfig.external(db.jdbcUrl(), db.user(), db.password()).allowingPrivilegedUser());
        log = new JooqDecisionLog(TestAudit.log(database.dsl()));
        // Recorded as denies, but the shipped policy allows each of them: every one is a change.
        for (int i = 0; i < RECORDED; i++) {
            log.append(recordedDeny(i % 2 == 0 ? "checkout" : "search", T0.plusSeconds(i)));
        }
    }

    @AfterAll
    void close() {
        if (database != null) {
            database.close();
        }
    }

    @Test
    void pages_through_the_log_and_lists_at_most_a_thousand_changes() {
        var report = replay(System::nanoTime).run(shipped, new ReplayFilter(null, null, ReplayFilter.MAX_LIMIT));

        assertThat(report.complete()).isTrue();
        assertThat(report.decisions()).isEqualTo(RECORDED);
        assertThat(report.changed()).isEqualTo(RECORDED);
        assertThat(report.transitions()).containsExactlyEntriesOf(java.util.Map.of("deny->allow", RECORDED));
        assertThat(report.changes()).hasSize(PolicyReplay.MAX_CHANGES);
        assertThat(report.changesTruncated()).isTrue();
        assertThat(report.moreDecisions()).isFalse();
        assertThat(report.changes().getFirst().recordedAt()).isAfter(report.changes().getLast().recordedAt());
        assertThat(report.changes().getFirst().after().reasons()).extracting(Reason::code).containsExactly("all_checks_passed");
        System.out.printf("replayed %d decisions in %d ms%n", report.decisions(), report.took().toMillis());
    }

    @Test
    void stops_at_the_limit_across_pages_and_says_more_match() {
        var report = replay(System::nanoTime).run(shipped, new ReplayFilter("checkout", null, 520));

        assertThat(report.decisions()).isEqualTo(520);
        assertThat(report.changes()).allSatisfy(c -> assertThat(c.service()).isEqualTo("checkout"));
        assertThat(report.moreDecisions()).isTrue();
        assertThat(report.complete()).isTrue();
    }

    @Test
    void stops_at_its_deadline_and_says_how_far_it_got() {
        // Each reading of the ticker moves it 10 s: start, then one reading before each decision; the deadline is 30 s.
        var ticks = new AtomicLong();
        var replay = new PolicyReplay(log, new PolicyReplayConfig(null, Duration.ofSeconds(30)), EVALUATION,
                () -> ticks.getAndAdd(Duration.ofSeconds(10).toNanos()));

        var report = replay.run(shipped, new ReplayFilter(null, null, 100));

        assertThat(report.complete()).isFalse();
        assertThat(report.decisions()).isEqualTo(2);
        assertThat(report.incomplete()).contains("deadline of 30s").contains("after 2 of up to 100 decisions");
        assertThat(report.moreDecisions()).isFalse();
    }

    @Test
    void one_replay_runs_at_a_time() {
        var refused = new AtomicReference<RuntimeException>();
        var readings = new AtomicInteger();
        var holder = new AtomicReference<PolicyReplay>();
        // While the first replay runs (its second ticker reading), a second one is asked for.
        var replay = new PolicyReplay(log, PolicyReplayConfig.defaults(), EVALUATION, () -> {
            if (readings.incrementAndGet() == 2) {
                try {
                    holder.get().run(shipped, new ReplayFilter(null, null, 1));
                } catch (RuntimeException e) {
                    refused.set(e);
                }
            }
            return System.nanoTime();
        });
        holder.set(replay);

        var first = replay.run(shipped, new ReplayFilter(null, null, 3));

        assertThat(first.decisions()).isEqualTo(3);
        assertThat(refused.get()).isInstanceOf(PolicyReplay.ReplayBusyException.class).hasMessageContaining("one runs at a time");
        assertThat(replay.run(shipped, new ReplayFilter(null, null, 1)).decisions()).as("the slot is free again").isEqualTo(1);
    }

    @Test
    void a_candidate_that_cannot_decide_is_reported_as_the_deny_the_gate_would_record() throws Exception {
        Path echo = Path.of(PolicyReplayTest.class.getResource("/policies-echo").toURI());
        Path out = Files.createTempDirectory("candidate-").resolve("bundle.tar.gz");
        var undefined = PolicyBundle.load(OpaServerFixture.buildWasm(echo, "tollgate/decision", out));

        var report = replay(System::nanoTime).run(undefined, new ReplayFilter(null, null, 5));

        assertThat(report.candidateUnavailable()).isEqualTo(5);
        assertThat(report.changed()).isEqualTo(5);
        assertThat(report.transitions()).containsExactlyEntriesOf(java.util.Map.of("deny->deny", 5));
        assertThat(report.changes().getFirst().after().reasons()).singleElement()
                .satisfies(r -> assertThat(r.code()).isEqualTo("policy_unavailable"))
                .satisfies(r -> assertThat(r.message()).contains("undefined"));
    }

    @Test
    void the_filter_refuses_a_limit_outside_its_range() {
        assertThatThrownBy(() -> new ReplayFilter(null, null, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ReplayFilter(null, null, ReplayFilter.MAX_LIMIT + 1)).isInstanceOf(IllegalArgumentException.class);
    }

    private PolicyReplay replay(java.util.function.LongSupplier ticker) {
        return new PolicyReplay(log, PolicyReplayConfig.defaults(), EVALUATION, ticker);
    }

    /** A staging canary-1 check (allowed by the shipped policy) recorded as a deny. */
    private static NewDecision recordedDeny(String service, Instant at) {
        var request = new GateCheckRequest(service, "1.4.2", "staging", "canary-1", null,
                new GateCheckRequest.Change("9f2c1e7", "ci-4411", "dana", List.of(), List.of()), false);
        var input = PolicyInputs.of(request, new Principal("ci-pipeline", Role.CI), at, Json.mapper().createArrayNode());
        return new NewDecision(UUID.randomUUID(), service, "1.4.2", "staging", "canary-1", Outcome.DENY,
                List.of(new Reason("made_up", "recorded by an older policy")), "sha256:older", "embedded", false, "ci-pipeline",
                "4bf92f3577b34da6a3ce929d0e0e4736", at, at, Json.mapper().valueToTree(request), input);
    }
}
