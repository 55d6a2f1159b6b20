package io.tollgate.audit;

import static io.tollgate.support.Requests.aCheck;
import static io.tollgate.support.TestTollgate.ADMIN_TOKEN;
import static io.tollgate.support.TestTollgate.CI_TOKEN;
import static org.assertj.core.api.Assertions.assertThat;

import io.tollgate.config.DatabaseConfig;
import io.tollgate.support.TestDatabases;
import io.tollgate.support.TestTollgate;
import io.tollgate.testsupport.PostgresFixture;
import org.junit.jupiter.api.Test;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * The audit log on a current PostgreSQL server image, where a Docker engine exists (skipped
 * otherwise: the embedded PostgreSQL covers every other test on machines without Docker).
 */
@Testcontainers(disabledWithoutDocker = true)
class PostgresContainerTest {
    @Container
    private static final PostgreSQLContainer POSTGRES = new PostgreSQLContainer("postgres:17-alpine");

    @Test
    void records_and_verifies_decisions_on_a_postgres_17_container() {
        var database = TestDatabases.withRoles(new PostgresFixture.Database(POSTGRES.getJdbcUrl(), POSTGRES.getUsername(), POSTGRES.getPassword()), 2);
        try (var tollgate = TestTollgate.builder().database(database).start()) {
            var answer = tollgate.api().check(CI_TOKEN, aCheck().json());

            assertThat(answer.status()).isEqualTo(200);
            assertThat(tollgate.api().get("/v1/audit/verify", ADMIN_TOKEN).json().get("intact").asBoolean()).isTrue();
        }
    }
}
