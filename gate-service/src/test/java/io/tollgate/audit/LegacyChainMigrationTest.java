package io.tollgate.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.tollgate.db.Database;
import io.tollgate.config.DatabaseConfig;
import io.tollgate.decision.Outcome;
import io.tollgate.testsupport.PostgresFixture;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

/**
 * A database written by the decision-only log (schema V1, rows produced by the real previous version
 * and dumped with pg_dump) still verifies after migration V2 moves it into the event log, and new
 * events chain onto its head.
 */
class LegacyChainMigrationTest {
    /** The head hash the previous version's {@code GET /v1/audit/verify} reported for the fixture. */
    private static final String LEGACY_HEAD = "fc51546b7f5946722acf2fe170ae5a602d32c05997be3246fe25ba243fb14167";

    @Test
    void a_chain_written_by_the_previous_version_verifies_after_migration_and_new_events_chain_onto_it() throws Exception {
        var coordinates = writtenByThePreviousVersion("legacy");

        try (var database = Database.open(DatabaseConfig.external(coordinates.jdbcUrl(), coordinates.user(), coordinates.password()).allowingPrivilegedUser());
             var events = TestAudit.log(database.dsl())) {
            var log = new JooqDecisionLog(events);

            var verification = log.verify();
            assertThat(verification.intact()).isTrue();
            assertThat(verification.recordsChecked()).isEqualTo(3);
            assertThat(verification.headHash()).isEqualTo(LEGACY_HEAD);

            var denied = log.find(UUID.fromString("04d37f0d-f803-417e-b1fb-2b72a2d42271")).orElseThrow();
            assertThat(denied.seq()).isEqualTo(3);
            assertThat(denied.decision().outcome()).isEqualTo(Outcome.DENY);
            assertThat(denied.decision().reasons()).extracting(r -> r.code()).containsExactly("approval_missing");
            assertThat(denied.decision().request().path("change").path("pipeline").asText()).isEqualTo("p 2 \"quoted\" ✓");
            var dryRun = log.find(UUID.fromString("c92e5852-fb20-4ee3-b4c3-88404a4ead76")).orElseThrow();
            assertThat(dryRun.decision().dryRun()).isTrue();
            assertThat(dryRun.decision().request().path("change").path("author").asText()).isEqualTo("zoë");
            assertThat(log.list(new DecisionQuery("checkout", null, null, 10, null)).items())
                    .extracting(DecisionRecord::seq).containsExactly(3L, 1L);

            var next = log.append(Decisions.aDecision());
            assertThat(next.seq()).isEqualTo(4);
            assertThat(next.previousHash()).isEqualTo(LEGACY_HEAD);
            assertThat(log.verify().intact()).isTrue();
            assertThat(log.verify().recordsChecked()).isEqualTo(4);
        }
    }

    @Test
    void a_legacy_decision_changed_after_migration_is_reported() throws Exception {
        var coordinates = writtenByThePreviousVersion("legacy_tamper");

        try (var database = Database.open(DatabaseConfig.external(coordinates.jdbcUrl(), coordinates.user(), coordinates.password()).allowingPrivilegedUser());
             var events = TestAudit.log(database.dsl())) {
            try (var c = coordinates.connect(); var st = c.createStatement()) {
                st.execute("set session_replication_role = replica");
                st.execute("update audit_event set payload = jsonb_set(payload::jsonb, '{outcome}', '\"allow\"') where seq = 3");
            }

            var verification = events.verify();
            assertThat(verification.intact()).isFalse();
            assertThat(verification.firstBrokenSeq()).isEqualTo(3);
            assertThat(verification.firstBrokenDecisionId()).isEqualTo(UUID.fromString("04d37f0d-f803-417e-b1fb-2b72a2d42271"));
            assertThat(verification.problem()).contains("hash mismatch");
        }
    }

    /** A fresh database at schema V1 holding the previous version's rows (not yet migrated further). */
    private static PostgresFixture.Database writtenByThePreviousVersion(String name) throws IOException, SQLException {
        var coordinates = PostgresFixture.newDatabase(name);
        Flyway.configure().dataSource(coordinates.jdbcUrl(), coordinates.user(), coordinates.password())
                .locations("classpath:db/migration").target("1").load().migrate();
        loadLegacyRows(coordinates);
        return coordinates;
    }

    private static void loadLegacyRows(PostgresFixture.Database coordinates) throws IOException, SQLException {
        String sql;
        try (InputStream in = LegacyChainMigrationTest.class.getResourceAsStream("/db/v1-decisions.sql")) {
            sql = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        try (var c = coordinates.connect(); var st = c.createStatement()) {
            for (var line : sql.lines().filter(l -> l.startsWith("INSERT")).toList()) {
                st.execute(line);
            }
        }
    }
}
