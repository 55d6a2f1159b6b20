package io.tollgate;

import static io.tollgate.support.Requests.aCheck;
import static io.tollgate.support.TestTollgate.CI_TOKEN;
import static org.assertj.core.api.Assertions.assertThat;

import io.tollgate.support.TestTollgate;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** /metrics and health endpoints as Prometheus and an orchestrator see them. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OpsEndpointsTest {
    private TestTollgate tollgate;

    @BeforeAll
    void start() {
        tollgate = TestTollgate.builder().freshDatabase("ops").start();
    }

    @AfterAll
    void stop() {
        tollgate.close();
    }

    @Test
    void counts_decisions_by_outcome_and_environment_and_times_checks() {
        tollgate.api().check(CI_TOKEN, aCheck().json());
        tollgate.api().check(CI_TOKEN, aCheck().json());
        tollgate.api().check(CI_TOKEN, aCheck().approvals().json());

        var metrics = tollgate.api().get("/metrics", null);

        assertThat(metrics.status()).isEqualTo(200);
        assertThat(metrics.header("Content-Type")).startsWith("text/plain");
        assertThat(value(metrics.text(), "tollgate_gate_decisions_total{environment=\"production\",outcome=\"allow\"}")).isEqualTo(2.0);
        assertThat(value(metrics.text(), "tollgate_gate_decisions_total{environment=\"production\",outcome=\"deny\"}")).isEqualTo(1.0);
        assertThat(value(metrics.text(), "tollgate_gate_check_seconds_count")).isEqualTo(3.0);
        assertThat(value(metrics.text(), "tollgate_policy_eval_seconds_count{engine=\"embedded\",result=\"evaluated\"}")).isEqualTo(3.0);
    }

    @Test
    void reports_live_and_ready_with_both_dependencies_up() {
        var live = tollgate.api().get("/health/live", null);
        var ready = tollgate.api().get("/health/ready", null);

        assertThat(live.status()).isEqualTo(200);
        assertThat(live.json().get("checks").get("listener").asText()).isEqualTo("UP");
        assertThat(ready.status()).isEqualTo(200);
        assertThat(ready.json().get("checks").get("database").asText()).isEqualTo("UP");
        assertThat(ready.json().get("checks").get("policyEngine").asText()).isEqualTo("UP");
    }

    private static double value(String exposition, String series) {
        var m = Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(exposition);
        assertThat(m.find()).as("series %s in:%n%s", series, exposition).isTrue();
        return Double.parseDouble(m.group(1));
    }
}
