package io.tollgate.slo;

import static io.tollgate.support.Requests.aCheck;
import static io.tollgate.support.TestTollgate.ADMIN_TOKEN;
import static io.tollgate.support.TestTollgate.CI_TOKEN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.tollgate.testsupport.Eventually;
import io.tollgate.support.LiveSlos;
import io.tollgate.testsupport.Backfill;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.assertj.core.data.Percentage;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Exact numbers from a real Prometheus: 26 h of backfilled history plus a live target, both at a
 * steady 1% error ratio, against a 99.9% SLO over 1 day. Every window must read burn rate 10.
 */
@Tag("live")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SloBurnRateTest {
    private LiveSlos live;

    @BeforeAll
    void start() {
        var historyEnd = Instant.now().minusSeconds(60).truncatedTo(ChronoUnit.SECONDS);
        var tsdb = Backfill.steadyHttpTraffic("checkout", historyEnd, Duration.ofHours(26), Duration.ofSeconds(15), 100, 0.01);
        live = LiveSlos.start("checkout", 100, 0.01, tsdb, "slo-e2e/steady", "slo_burn");
    }

    @AfterAll
    void stop() {
        live.close();
    }

    @Test
    void steady_one_percent_errors_at_99_9_target_burn_at_10x_in_every_window_and_the_budget_matches() {
        JsonNode slo = Eventually.await("every window to read a burn rate near 10", Duration.ofSeconds(60),
                () -> live.tollgate().api().get("/v1/slos/checkout-availability", ADMIN_TOKEN).json(),
                s -> "ok".equals(s.get("status").asText()) && allBurnRatesNear(s, 10, 0.02));

        System.out.println("measured: burnRates=" + slo.get("burnRates") + " errorBudget=" + slo.get("errorBudget") + " sli=" + slo.get("sli"));
        for (JsonNode b : slo.get("burnRates")) {
            assertThat(b.get("longRate").asDouble()).as(b.get("longWindow").asText()).isCloseTo(10, Percentage.withPercentage(2));
            assertThat(b.get("shortRate").asDouble()).as(b.get("shortWindow").asText()).isCloseTo(10, Percentage.withPercentage(2));
        }
        JsonNode budget = slo.get("errorBudget");
        assertThat(slo.get("sli").asDouble()).isCloseTo(0.99, within(0.0002));
        assertThat(budget.get("burnRate").asDouble()).isCloseTo(10, Percentage.withPercentage(2));
        assertThat(budget.get("consumedRatio").asDouble()).isCloseTo(10, Percentage.withPercentage(2));
        assertThat(budget.get("remainingRatio").asDouble()).isCloseTo(-9, Percentage.withPercentage(2.5));
        // remaining × (1 − target) × window minutes = −9 × 0.001 × 1440
        assertThat(budget.get("remainingMinutes").asDouble()).isCloseTo(-12.96, Percentage.withPercentage(2.5));
        // about 100 req/s over the day: allowed 0.1% of the events, 1% seen
        double total = budget.get("totalEvents").asDouble();
        assertThat(total).isCloseTo(100 * 86_400, Percentage.withPercentage(3));
        assertThat(budget.get("allowedBadEvents").asDouble()).isCloseTo(total * 0.001, Percentage.withPercentage(0.1));
        assertThat(budget.get("badEvents").asDouble()).isCloseTo(total * 0.01, Percentage.withPercentage(2));
        assertThat(slo.get("dataComplete").asBoolean()).as("history reaches back over the whole 1d window").isTrue();
    }

    @Test
    void a_10x_burn_denies_by_the_6x_page_condition_naming_slo_windows_and_numbers_and_the_audit_keeps_the_queries() {
        Eventually.await("burn rates near 10", Duration.ofSeconds(60),
                () -> live.tollgate().api().get("/v1/slos/checkout-availability", ADMIN_TOKEN).json(),
                s -> "ok".equals(s.get("status").asText()) && allBurnRatesNear(s, 10, 0.02));

        var answer = live.tollgate().api().check(CI_TOKEN, aCheck().environment("staging").json()).json();

        assertThat(answer.get("outcome").asText()).isEqualTo("deny");
        var reason = answer.get("reasons").get(0);
        assertThat(reason.get("code").asText()).isEqualTo("burn_rate_too_high");
        assertThat(reason.get("message").asText())
                .startsWith("checkout-availability burning ")
                .containsPattern("burning (9\\.[89]|10\\.[0-2])× over 6h \\(threshold 6\\.0×\\) and (9\\.[89]|10\\.[0-2])× over 30m");
        var stored = live.tollgate().api().get("/v1/decisions/" + answer.get("decisionId").asText(), ADMIN_TOKEN).json();
        JsonNode inputSlo = stored.get("policyInput").get("slos").get(0);
        assertThat(inputSlo.get("name").asText()).isEqualTo("checkout-availability");
        assertThat(inputSlo.get("queries").toString()).contains("http_requests_total{service=\\\"checkout\\\"}");
        assertThat(inputSlo.get("errorBudget").get("remainingRatio").asDouble()).isLessThan(0);
    }

    @Test
    void exports_budget_and_burn_rate_gauges() {
        Eventually.await("burn rates near 10", Duration.ofSeconds(60),
                () -> live.tollgate().api().get("/v1/slos/checkout-availability", ADMIN_TOKEN).json(),
                s -> "ok".equals(s.get("status").asText()) && allBurnRatesNear(s, 10, 0.02));

        String metrics = live.tollgate().api().get("/metrics", null).text();

        assertThat(metrics).containsPattern("tollgate_slo_burn_rate\\{service=\"checkout\",slo=\"checkout-availability\",window=\"1h\"} (9\\.[89]|10\\.[0-2])");
        assertThat(metrics).containsPattern("tollgate_slo_error_budget_remaining_ratio\\{service=\"checkout\",slo=\"checkout-availability\"} -(8\\.[89]|9\\.[0-2])");
        assertThat(metrics).contains("tollgate_slo_sli_ratio{service=\"checkout\",slo=\"checkout-availability\",window=\"slo\"}");
        assertThat(metrics).contains("tollgate_slo_burn_rate_threshold{condition=\"fast-burn\",service=\"checkout\",severity=\"page\",slo=\"checkout-availability\"} 14.4");
        assertThat(metrics).contains("tollgate_slo_data_age_seconds{service=\"checkout\",slo=\"checkout-availability\"}");
    }

    private static boolean allBurnRatesNear(JsonNode slo, double expected, double tolerance) {
        for (JsonNode b : slo.get("burnRates")) {
            if (Math.abs(b.get("longRate").asDouble() - expected) > expected * tolerance
                    || Math.abs(b.get("shortRate").asDouble() - expected) > expected * tolerance) {
                return false;
            }
        }
        return slo.get("burnRates").size() == 3;
    }
}
