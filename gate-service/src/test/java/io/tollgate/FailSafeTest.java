package io.tollgate;

import static io.tollgate.support.Requests.aCheck;
import static io.tollgate.support.TestTollgate.ADMIN_TOKEN;
import static io.tollgate.support.TestTollgate.CI_TOKEN;
import static org.assertj.core.api.Assertions.assertThat;

import io.tollgate.config.DatabaseConfig;
import io.tollgate.support.Ports;
import io.tollgate.support.TestDatabases;
import io.tollgate.support.TestTollgate;
import io.tollgate.testsupport.PostgresFixture;
import java.io.IOException;
import java.net.URI;
import java.sql.SQLException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Dependencies down: the gate never allows silently, and never acknowledges what it did not record. */
class FailSafeTest {

    @Test
    void denies_with_policy_unavailable_and_records_it_when_the_opa_server_is_unreachable() throws IOException {
        try (var tollgate = TestTollgate.builder().freshDatabase("opa_down")
                .opaServer(URI.create("http://127.0.0.1:" + Ports.free()), Duration.ofMillis(500)).start()) {
            var answer = tollgate.api().check(CI_TOKEN, aCheck().json());

            assertThat(answer.status()).isEqualTo(200);
            assertThat(answer.json().get("outcome").asText()).isEqualTo("deny");
            var reason = answer.json().get("reasons").get(0);
            assertThat(reason.get("code").asText()).isEqualTo("policy_unavailable");
            assertThat(reason.get("message").asText()).contains("opa-server").contains("127.0.0.1");
            var stored = tollgate.api().get("/v1/decisions/" + answer.json().get("decisionId").asText(), ADMIN_TOKEN);
            assertThat(stored.json().get("reasons").get(0).get("code").asText()).isEqualTo("policy_unavailable");
            var ready = tollgate.api().get("/health/ready", null);
            assertThat(ready.status()).isEqualTo(503);
            assertThat(ready.json().get("checks").get("policyEngine").asText()).startsWith("DOWN");
            assertThat(ready.json().get("checks").get("database").asText()).isEqualTo("UP");
        }
    }

    @Test
    void answers_503_and_records_nothing_while_the_database_refuses_connections() throws SQLException {
        var db = PostgresFixture.newDatabase("db_down");
        String name = db.jdbcUrl().substring(db.jdbcUrl().lastIndexOf('/') + 1);
        try (var tollgate = TestTollgate.builder().database(TestDatabases.withRoles(db, 2)).start()) {
            var first = tollgate.api().check(CI_TOKEN, aCheck().json());
            assertThat(first.status()).isEqualTo(200);

            TestDatabases.setConnectable(name, false);
            try {
                var during = tollgate.api().check(CI_TOKEN, aCheck().json());
                assertThat(during.status()).isEqualTo(503);
                assertThat(during.json().get("code").asText()).isEqualTo("audit_unavailable");
                assertThat(during.header("Retry-After")).isEqualTo("5");
                var ready = tollgate.api().get("/health/ready", null);
                assertThat(ready.status()).isEqualTo(503);
                assertThat(ready.json().get("checks").get("database").asText()).startsWith("DOWN");
            } finally {
                TestDatabases.setConnectable(name, true);
            }

            var afterwards = tollgate.api().check(CI_TOKEN, aCheck().json());
            assertThat(afterwards.status()).isEqualTo(200);
            var verify = tollgate.api().get("/v1/audit/verify", ADMIN_TOKEN).json();
            assertThat(verify.get("intact").asBoolean()).isTrue();
            assertThat(verify.get("recordsChecked").asLong()).as("only the two acknowledged checks are recorded").isEqualTo(2);
        }
    }
}
