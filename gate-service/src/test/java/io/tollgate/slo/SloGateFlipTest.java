package io.tollgate.slo;

import static io.tollgate.support.Requests.aCheck;
import static io.tollgate.support.TestTollgate.CI_TOKEN;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tollgate.testsupport.Eventually;
import io.tollgate.support.LiveSlos;
import io.tollgate.support.TestTollgate;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Gate checks follow the live burn rate of a scaled-down SLO (99% over 1h, fast burn 14.4× over 30s
 * and 5s): allow, deny when a fast burn starts, allow again when it ends, hold when Prometheus is gone.
 */
@Tag("live")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SloGateFlipTest {
    private LiveSlos live;

    @BeforeAll
    void start() {
        live = LiveSlos.start("search", 200, 0.001, null, "slo-e2e/flip", "slo_flip");
    }

    @AfterAll
    void stop() {
        live.close();
    }

    @Test
    @Order(1)
    void allows_while_healthy_denies_during_a_fast_burn_and_allows_again_when_it_ends() {
        var healthy = awaitOutcome("allow", Duration.ofSeconds(45));
        assertThat(slo(healthy).get("status").asText()).isEqualTo("ok");

        live.target().setErrorRatio(0.5);
        var burning = awaitOutcome("deny", Duration.ofSeconds(45));
        assertThat(burning.get("reasons").get(0).get("code").asText()).isEqualTo("burn_rate_too_high");
        assertThat(burning.get("reasons").get(0).get("message").asText())
                .matches("search-availability burning \\d+\\.\\d× over 30s \\(threshold 14\\.4×\\) and \\d+\\.\\d× over 5s");

        live.target().setErrorRatio(0.001);
        var recovered = awaitOutcome("allow", Duration.ofSeconds(45));
        assertThat(recovered.get("reasons").toString()).doesNotContain("burn_rate_too_high");
    }

    @Test
    @Order(2)
    void holds_with_sli_unavailable_naming_the_slo_when_prometheus_is_stopped() {
        live.prometheus().stop();

        // Results cached before the stop may serve for at most the freshness limit (500 ms here).
        var answer = awaitOutcome("hold", Duration.ofSeconds(10));

        var reason = answer.get("reasons").get(0);
        assertThat(reason.get("code").asText()).isEqualTo("sli_unavailable");
        assertThat(reason.get("message").asText()).contains("search-availability").contains("prometheus");
    }

    /** Checks search in staging (no budget freeze there) until the outcome is {@code outcome}. */
    private JsonNode awaitOutcome(String outcome, Duration deadline) {
        return Eventually.await("outcome " + outcome, deadline,
                () -> live.tollgate().api().check(CI_TOKEN, aCheck().service("search").environment("staging").json()).json(),
                answer -> outcome.equals(answer.get("outcome").asText()));
    }

    private JsonNode slo(JsonNode answer) {
        return live.tollgate().api().get("/v1/slos/search-availability", TestTollgate.ADMIN_TOKEN).json();
    }
}
