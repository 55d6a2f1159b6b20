package io.tollgate.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tollgate.audit.AuditUnavailableException;
import io.tollgate.config.DatabaseConfig;
import io.tollgate.audit.JooqDecisionLog;
import io.tollgate.audit.JooqEventLog;
import io.tollgate.audit.TestAudit;
import io.tollgate.audit.NewDecision;
import io.tollgate.decision.Outcome;
import io.tollgate.decision.Reason;
import io.tollgate.json.Json;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded database the service runs when no external one is configured. */
class DatabaseTest {

    static NewDecision decision() throws Exception {
        var now = Instant.now();
        return new NewDecision(UUID.randomUUID(), "checkout", "2.0.0", "staging", "full", Outcome.HOLD,
                List.of(new Reason("change_freeze", "freeze until Monday")), "rev-1", "embedded", true, "alice", null,
                now, now, Json.mapper().readTree("{\"service\":\"checkout\"}"), Json.mapper().readTree("{\"x\":1.25}"));
    }

    @Test
    void embedded_database_keeps_records_across_a_restart_with_the_same_data_dir(@TempDir Path dataDir) throws Exception {
        var decision = decision();
        String headHash;
        try (var database = Database.open(DatabaseConfig.embedded(dataDir))) {
            var appended = new JooqDecisionLog(TestAudit.log(database.dsl())).append(decision);
            headHash = appended.hash();
        }

        try (var database = Database.open(DatabaseConfig.embedded(dataDir))) {
            var log = new JooqDecisionLog(TestAudit.log(database.dsl()));
            var found = log.find(decision.decisionId());
            assertThat(found).isPresent();
            assertThat(found.get().decision()).isEqualTo(decision);
            var verification = log.verify();
            assertThat(verification.intact()).isTrue();
            assertThat(verification.recordsChecked()).isEqualTo(1);
            assertThat(verification.headHash()).isEqualTo(headHash);
            assertThat(log.append(decision()).seq()).isEqualTo(2);
        }
    }

    @Test
    void embedded_service_role_can_append_but_not_alter_or_bypass_the_audit_table(@TempDir Path dataDir) throws Exception {
        try (var database = Database.open(DatabaseConfig.embedded(dataDir))) {
            new JooqDecisionLog(TestAudit.log(database.dsl())).append(decision());

            try (var c = database.dataSource().getConnection(); var st = c.createStatement()) {
                assertThat(c.getMetaData().getUserName()).isEqualTo("tollgate");
                for (var sql : List.of(
                        "alter table audit_event disable trigger audit_event_no_update_delete",
                        "set session_replication_role = replica",
                        "drop table audit_event")) {
                    assertThatThrownBy(() -> st.execute(sql)).as(sql).isInstanceOf(SQLException.class)
                            .hasMessageMatching("(?s).*(permission denied|must be owner).*");
                }
                assertThatThrownBy(() -> st.execute("update audit_event set actor = 'mallory'"))
                        .isInstanceOf(SQLException.class).hasMessageContaining("permission denied");
            }
        }
    }

    /** A table a migration adds without a grant would make the embedded service fail with 503 at run time only. */
    @Test
    void the_embedded_service_role_can_read_every_table_the_migrations_create(@TempDir Path dataDir) throws Exception {
        try (var database = Database.open(DatabaseConfig.embedded(dataDir));
             var c = database.dataSource().getConnection(); var st = c.createStatement()) {
            var tables = new java.util.ArrayList<String>();
            try (var rs = st.executeQuery("select table_name from information_schema.tables where table_schema = 'public'"
                    + " and table_type = 'BASE TABLE' and table_name <> 'flyway_schema_history'")) {
                while (rs.next()) {
                    tables.add(rs.getString(1));
                }
            }
            assertThat(tables).contains("audit_event", "releases", "overrides");
            for (String table : tables) {
                try (var rs = st.executeQuery("select has_table_privilege(current_user, '" + table + "', 'SELECT, INSERT')")) {
                    rs.next();
                    assertThat(rs.getBoolean(1)).as("service role may read and insert " + table
                            + " (add it to ServiceRole.APP_TABLES or MUTABLE_TABLES)").isTrue();
                }
            }
        }
    }

    @Test
    void a_log_over_a_stopped_embedded_database_is_unavailable_and_unhealthy(@TempDir Path dataDir) throws Exception {
        var database = Database.open(DatabaseConfig.embedded(dataDir));
        var log = new JooqDecisionLog(TestAudit.log(database.dsl()));
        log.append(decision());
        database.close();

        long start = System.nanoTime();
        assertThatThrownBy(() -> log.append(decision())).isInstanceOf(AuditUnavailableException.class);
        assertThat(log.healthProblem()).isNotNull();
        assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(3000);
    }

    @Test
    void pooled_connections_carry_the_statement_timeout_and_a_socket_timeout_one_second_above_it() throws Exception {
        var db = io.tollgate.testsupport.PostgresFixture.newDatabase("timeouts");
        var config = io.tollgate.support.TestDatabases.withRoles(db, 2).withStatementTimeout(java.time.Duration.ofMillis(2500));
        try (var database = Database.open(config); var c = database.dataSource().getConnection()) {
            assertThat(c.getNetworkTimeout()).as("socket timeout, ms").isEqualTo(4000);
            assertThat(database.dsl().fetchValue("show statement_timeout")).isEqualTo("2500ms");
            assertThatThrownBy(() -> database.dsl().execute("select pg_sleep(5)"))
                    .hasMessageContaining("canceling statement due to statement timeout");
        }
    }

    @Test
    void open_fails_fast_naming_the_problem_when_an_external_database_is_unreachable() throws Exception {
        int port;
        try (var socket = new java.net.ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        var settings = DatabaseConfig.external("jdbc:postgresql://127.0.0.1:" + port + "/tollgate", "tollgate", "secret");

        long start = System.nanoTime();
        assertThatThrownBy(() -> Database.open(settings)).isInstanceOf(RuntimeException.class);
        assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(5000);
        // the JDBC driver is on the class path and refuses the port, not some wiring problem
        assertThatThrownBy(() -> DriverManager.getConnection(settings.url(), "tollgate", "secret"))
                .isInstanceOf(SQLException.class);
    }
}
