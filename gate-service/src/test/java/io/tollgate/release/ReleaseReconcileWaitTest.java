package io.tollgate.release;

import static io.tollgate.release.ReleaseFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.tollgate.support.TestTollgate;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A traffic router whose changes a controller takes up later ({@link io.tollgate.adapter.Reconciling}): each stage waits
 * for it up to the router's timeout, then halts naming what was last seen; a rejection halts at once. Real PostgreSQL and
 * policy engine, fake adapters (the Gateway API adapter's own answers are tested on a real kube-apiserver).
 */
class ReleaseReconcileWaitTest {
    private final FakeFlagRollout flags = new FakeFlagRollout();
    private TestTollgate tollgate;

    @AfterEach
    void stop() {
        if (tollgate != null) {
            tollgate.close();
        }
    }

    private String start(ReconcilingTrafficRouter traffic) {
        var adapters = new AdapterRegistry().flags(FakeFlagRollout.TYPE, () -> flags)
                .traffic(ReconcilingTrafficRouter.TYPE, () -> traffic);
        tollgate = TestTollgate.builder().freshDatabase("reconcile").releases(new io.tollgate.ReleaseWiring(fastConfig(), adapters,
                new FakeCanaryHealth(), Duration.ofMillis(50), null)).start();
        var body = aRelease("checkout", stage("canary-5", 5, 5, "200ms"), stage("canary-25", 25, 25, "200ms"),
                stage("full", 100, 100, null));
        body.with("traffic").put("provider", ReconcilingTrafficRouter.TYPE);
        var created = create(tollgate, body);
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        return created.json().path("id").asText();
    }

    @Test
    void a_stage_waits_for_the_controller_and_proceeds_once_it_accepted() {
        var traffic = new ReconcilingTrafficRouter(Duration.ofSeconds(10), Duration.ofMillis(600), null);
        var done = awaitState(tollgate(traffic), "promoted", Duration.ofSeconds(30));
        var verified = events(done, "traffic_verify");
        assertThat(verified).hasSize(3).allSatisfy(l -> assertThat(l.path("observed").asText()).contains("accepted at generation"));
        assertThat(traffic.pendingAnswers()).as("Pending answers the stages waited through").isPositive();
        var started = events(done, "apply_started");
        var applied = events(done, "applied");
        for (int i = 0; i < 3; i++) {
            assertThat(between(started.get(i), applied.get(i))).as("stage %d applied once accepted, 600 ms after its change", i)
                    .isGreaterThanOrEqualTo(Duration.ofMillis(600));
        }
    }

    @Test
    void a_change_never_reconciled_halts_the_release_after_the_deadline_naming_what_was_seen() {
        var traffic = new ReconcilingTrafficRouter(Duration.ofMillis(800), null, null);
        var halted = awaitState(tollgate(traffic), "halted", Duration.ofSeconds(30));
        assertThat(between(events(halted, "apply_started").getFirst(), events(halted, "apply_failed").getFirst()))
                .isGreaterThanOrEqualTo(Duration.ofMillis(800));
        assertThat(halted.path("reason").path("code").asText()).isEqualTo("adapter_failed");
        assertThat(halted.path("reason").path("message").asText()).contains("traffic adapter " + ReconcilingTrafficRouter.TYPE
                + " did not verify 5%", "not reconciled within 800 ms", "5% written, generation 2 not reconciled yet");
        assertThat(flags.percent(FEATURE)).as("the flag is put back").isZero();
    }

    @Test
    void a_change_the_controller_rejects_halts_at_once_with_its_message() {
        var traffic = new ReconcilingTrafficRouter(Duration.ofSeconds(60), null, "Accepted=False (NotAllowedByListeners: no listener)");
        var halted = awaitState(tollgate(traffic), "halted", Duration.ofSeconds(30));
        assertThat(between(events(halted, "apply_started").getFirst(), events(halted, "apply_failed").getFirst()))
                .as("halted on the verdict, long before the 60 s deadline").isLessThan(Duration.ofSeconds(10));
        assertThat(halted.path("reason").path("message").asText())
                .contains("controller rejected generation 2: Accepted=False (NotAllowedByListeners: no listener)")
                .doesNotContain("not reconciled within");
    }

    private com.fasterxml.jackson.databind.JsonNode awaitState(String id, String state, Duration deadline) {
        return ReleaseFixtures.awaitState(tollgate, id, state, deadline).json();
    }

    /** From one history line to another (the times the release store wrote them). */
    private static Duration between(com.fasterxml.jackson.databind.JsonNode from, com.fasterxml.jackson.databind.JsonNode to) {
        return Duration.between(java.time.Instant.parse(from.path("at").asText()), java.time.Instant.parse(to.path("at").asText()));
    }

    private String tollgate(ReconcilingTrafficRouter traffic) {
        return start(traffic);
    }
}
