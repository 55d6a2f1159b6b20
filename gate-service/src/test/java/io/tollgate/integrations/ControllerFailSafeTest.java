package io.tollgate.integrations;

import static io.tollgate.integrations.ControllerRequests.argoGate;
import static io.tollgate.integrations.ControllerRequests.flaggerMetadata;
import static io.tollgate.integrations.ControllerRequests.flaggerPayload;
import static io.tollgate.support.Requests.aCheck;
import static io.tollgate.support.TestTollgate.CI_TOKEN;
import static org.assertj.core.api.Assertions.assertThat;

import io.tollgate.support.ApiClient;
import io.tollgate.support.Ports;
import io.tollgate.support.TestDatabases;
import io.tollgate.support.TestTollgate;
import io.tollgate.testsupport.PostgresFixture;
import java.io.IOException;
import java.net.URI;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Dependencies down, as the controllers see it: never a pass, and never a status Argo would count toward
 * {@code consecutiveErrorLimit} or Flagger would retry. Argo pauses (inconclusive); Flagger halts (403).
 */
class ControllerFailSafeTest {
    private static final Map<String, String> JSON = Map.of("Content-Type", "application/json");

    @Test
    void an_unreachable_policy_engine_pauses_argo_and_halts_flagger() throws IOException {
        try (var tollgate = TestTollgate.builder().freshDatabase("controllers_opa_down")
                .opaServer(URI.create("http://127.0.0.1:" + Ports.free()), Duration.ofMillis(500)).start()) {
            var argo = argo(tollgate.api());
            var flagger = flagger(tollgate.api(), "confirm-traffic-increase");
            var rollback = flagger(tollgate.api(), "rollback");

            assertThat(argo.status()).isEqualTo(200);
            assertThat(argo.json().get("verdict").asText()).isEqualTo("inconclusive");
            assertThat(argo.json().get("outcome").asText()).isEqualTo("deny");
            assertThat(argo.json().get("reasons").get(0).get("code").asText()).isEqualTo("policy_unavailable");
            assertThat(argo.json().get("decisionId").asText()).as("recorded like any decision").isNotBlank();
            assertThat(flagger.status()).isEqualTo(403);
            assertThat(rollback.status()).as("a policy that cannot answer never rolls back").isEqualTo(403);
        }
    }

    @Test
    void a_database_that_refuses_connections_pauses_argo_and_halts_flagger_with_nothing_recorded() throws SQLException {
        var db = PostgresFixture.newDatabase("controllers_db_down");
        String name = db.jdbcUrl().substring(db.jdbcUrl().lastIndexOf('/') + 1);
        try (var tollgate = TestTollgate.builder().database(TestDatabases.withRoles(db, 2)).start()) {
            TestDatabases.setConnectable(name, false);
            try {
                var argo = argo(tollgate.api());
                var flagger = flagger(tollgate.api(), "confirm-promotion");

                assertThat(argo.status()).isEqualTo(200);
                assertThat(argo.json().get("verdict").asText()).isEqualTo("inconclusive");
                assertThat(argo.json().get("decisionId").isNull()).isTrue();
                assertThat(argo.json().get("reasons").get(0).get("code").asText()).isEqualTo("audit_unavailable");
                assertThat(flagger.status()).isEqualTo(403);
                assertThat(flagger.json().get("reasons").get(0).get("code").asText()).isEqualTo("audit_unavailable");
            } finally {
                TestDatabases.setConnectable(name, true);
            }
            assertThat(argo(tollgate.api()).json().get("verdict").asText()).isEqualTo("pass");
        }
    }

    private static ApiClient.Answer argo(ApiClient api) {
        return api.post("/v1/integrations/argo-rollouts/gate", CI_TOKEN, argoGate(aCheck(), "checkout", "6f8d").toString(), JSON);
    }

    private static ApiClient.Answer flagger(ApiClient api, String hook) {
        return api.post("/v1/integrations/flagger/" + hook, CI_TOKEN, flaggerPayload("podinfo", "Progressing", "1f2e", flaggerMetadata()), JSON);
    }
}
