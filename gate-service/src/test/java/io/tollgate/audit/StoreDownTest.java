package io.tollgate.audit;

import static io.tollgate.audit.Decisions.aDecision;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.UUID;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/** A log whose database does not answer: every operation fails fast with AuditUnavailableException. */
class StoreDownTest {
    private static JooqDecisionLog log;

    @BeforeAll
    static void logOverAClosedPort() throws IOException {
        int closedPort;
        try (var socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        var dataSource = new PGSimpleDataSource();
        dataSource.setUrl("jdbc:postgresql://127.0.0.1:" + closedPort + "/audit");
        dataSource.setUser("tollgate");
        dataSource.setConnectTimeout(1);
        log = new JooqDecisionLog(TestAudit.log(DSL.using(dataSource, SQLDialect.POSTGRES)));
    }

    @Test
    void append_throws_audit_unavailable_quickly() {
        long start = System.nanoTime();

        assertThatThrownBy(() -> log.append(aDecision()))
                .isInstanceOf(AuditUnavailableException.class)
                .hasMessageContaining("append");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
    }

    @Test
    void find_list_and_verify_throw_audit_unavailable() {
        assertThatThrownBy(() -> log.find(UUID.randomUUID())).isInstanceOf(AuditUnavailableException.class);
        assertThatThrownBy(() -> log.list(new DecisionQuery(null, null, null, 10, null))).isInstanceOf(AuditUnavailableException.class);
        assertThatThrownBy(() -> log.verify()).isInstanceOf(AuditUnavailableException.class);
    }

    @Test
    void a_bad_cursor_is_still_the_callers_error_while_the_store_is_down() {
        assertThatThrownBy(() -> log.list(new DecisionQuery(null, null, null, 10, "garbage")))
                .isInstanceOf(InvalidCursorException.class);
    }

    @Test
    void health_problem_names_the_unreachable_database() {
        long start = System.nanoTime();

        assertThat(log.healthProblem()).isNotNull().startsWith("audit database unreachable");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
    }
}
