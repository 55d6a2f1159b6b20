package io.tollgate.delivery;

import static io.tollgate.support.TestTollgate.CI_TOKEN;
import static io.tollgate.support.TestTollgate.VIEWER_TOKEN;
import static org.assertj.core.api.Assertions.assertThat;

import io.tollgate.support.TestDatabases;
import io.tollgate.support.TestTollgate;
import io.tollgate.testsupport.PostgresFixture;
import java.sql.Connection;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** {@code GET /v1/delivery-metrics} and the gauges over a recorded history in a running Tollgate. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DeliveryMetricsApiTest {
    private TestTollgate tollgate;
    private Connection connection;
    private DeliveryScenario s;

    @BeforeAll
    void start() throws Exception {
        var db = PostgresFixture.newDatabase("delivery_api");
        tollgate = TestTollgate.builder().database(TestDatabases.withRoles(db, 4)).start();
        connection = db.connect();
        s = DeliveryScenario.record(new RecordedHistory(DSL.using(connection, SQLDialect.POSTGRES)),
                Instant.now().truncatedTo(ChronoUnit.SECONDS)); // whole seconds: PostgreSQL keeps microseconds
    }

    @AfterAll
    void stop() throws Exception {
        connection.close();
        tollgate.close();
    }

    @Test
    void a_viewer_reads_the_metrics_of_one_service_and_environment() {
        var answer = tollgate.api().get("/v1/delivery-metrics?service=checkout&environment=production&window=30d", VIEWER_TOKEN);

        assertThat(answer.status()).as(answer.text()).isEqualTo(200);
        var m = answer.json().get("items").get(0);
        assertThat(answer.json().get("items")).hasSize(1);
        assertThat(m.get("window").asText()).isEqualTo("30d");
        assertThat(m.at("/deploymentFrequency/deployments").asInt()).isEqualTo(5);
        assertThat(m.at("/changeLeadTime/medianSeconds").asDouble()).isEqualTo(5 * 3600.0);
        assertThat(m.at("/changeLeadTime/p90Seconds").asDouble()).isEqualTo(31_680.0); // 8.8 h
        assertThat(m.at("/changeLeadTime/withoutCommittedAt/0").asText()).isEqualTo(s.r8.toString());
        assertThat(m.at("/changeFailRate/ratio").asDouble()).isEqualTo(0.5);
        assertThat(m.at("/changeFailRate/failures/0/cause").asText()).isEqualTo("emergency_follow_up");
        assertThat(m.at("/changeFailRate/failures/0/followedBy").asText()).isEqualTo(s.r3.toString());
        assertThat(m.at("/failedDeploymentRecoveryTime/medianSeconds").asDouble()).isEqualTo(9 * 3600.0);
        assertThat(m.at("/deploymentReworkRate/ratio").asDouble()).isEqualTo(0.2);
    }

    @Test
    void without_filters_every_service_is_listed_and_an_empty_window_answers_nulls() {
        var all = tollgate.api().get("/v1/delivery-metrics", CI_TOKEN).json().get("items");
        var empty = tollgate.api().get("/v1/delivery-metrics?service=checkout&environment=staging", VIEWER_TOKEN).json().get("items").get(0);

        assertThat(all).hasSize(2);
        assertThat(all.get(1).get("service").asText()).isEqualTo("search");
        assertThat(all.get(1).at("/changeFailRate/ratio").asDouble()).isEqualTo(0.0);
        assertThat(empty.at("/deploymentFrequency/deployments").asInt()).isZero();
        assertThat(empty.at("/changeFailRate/ratio").isNull()).isTrue();
        assertThat(empty.at("/changeLeadTime/medianSeconds").isNull()).isTrue();
        assertThat(empty.at("/failedDeploymentRecoveryTime/medianSeconds").isNull()).isTrue();
    }

    @Test
    void bad_parameters_are_400s_naming_the_parameter() {
        for (var c : new String[][] {{"window=30", "window"}, {"window=1y", "window"}, {"window=999d", "window"},
            {"service=bad%20name", "service"}, {"environment=", "environment"}, {"since=2026-01-01T00:00:00Z", "since"}}) {
            var answer = tollgate.api().get("/v1/delivery-metrics?" + c[0], VIEWER_TOKEN);

            assertThat(answer.status()).as(c[0]).isEqualTo(400);
            assertThat(answer.json().get("field").asText()).as(c[0]).isEqualTo(c[1]);
        }
    }

    @Test
    void needs_a_token_with_read_access() {
        assertThat(tollgate.api().get("/v1/delivery-metrics", null).status()).isEqualTo(401);
        assertThat(tollgate.api().get("/v1/delivery-metrics", "not-a-token").status()).isEqualTo(401);
    }

    @Test
    void the_metrics_endpoint_has_the_gauges_of_every_service() {
        String text = tollgate.api().get("/metrics", null).text();

        assertThat(text).containsPattern(
                "tollgate_delivery_deployments\\{environment=\"production\",service=\"checkout\",window=\"30d\"} 5(\\.0)?\n");
        assertThat(text).containsPattern(
                "tollgate_delivery_change_fail_ratio\\{environment=\"production\",service=\"checkout\",window=\"30d\"} 0\\.5\n");
        assertThat(text).containsPattern(
                "tollgate_delivery_lead_time_seconds\\{environment=\"production\",quantile=\"0.5\",service=\"checkout\",window=\"30d\"} 18000(\\.0)?\n");
        assertThat(text).containsPattern(
                "tollgate_delivery_recovery_time_seconds\\{environment=\"production\",quantile=\"0.9\",service=\"checkout\",window=\"30d\"} 43920(\\.0)?\n");
        assertThat(text).containsPattern(
                "tollgate_delivery_deployment_rework_ratio\\{environment=\"production\",service=\"search\",window=\"30d\"} 0(\\.0)?\n");
        assertThat(text).doesNotContain("tollgate_delivery_recovery_time_seconds{environment=\"production\",quantile=\"0.5\",service=\"search\"");
    }
}
