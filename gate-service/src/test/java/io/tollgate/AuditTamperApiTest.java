package io.tollgate;

import static io.tollgate.support.Requests.aCheck;
import static io.tollgate.support.TestTollgate.CI_TOKEN;
import static io.tollgate.support.TestTollgate.VIEWER_TOKEN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tollgate.config.DatabaseConfig;
import io.tollgate.support.TestDatabases;
import io.tollgate.support.TestTollgate;
import io.tollgate.testsupport.PostgresFixture;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The audit chain through the API: intact after real checks, broken exactly where a superuser tampered. */
class AuditTamperApiTest {

    @Test
    void verify_finds_the_record_a_superuser_changed_behind_the_triggers() throws SQLException {
        var db = PostgresFixture.newDatabase("tamper");
        try (var tollgate = TestTollgate.builder().database(TestDatabases.withRoles(db, 2)).start()) {
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                ids.add(tollgate.api().check(CI_TOKEN, aCheck().approvals(i % 2 == 0 ? "lee" : "dana").json()).json().get("decisionId").asText());
            }
            var before = tollgate.api().get("/v1/audit/verify", VIEWER_TOKEN).json();
            assertThat(before.get("intact").asBoolean()).isTrue();
            assertThat(before.get("recordsChecked").asLong()).isEqualTo(5);

            try (var c = db.connect(); var st = c.createStatement()) {
                st.execute("SET session_replication_role = replica");
                assertThat(st.executeUpdate("UPDATE audit_event SET payload = jsonb_set(payload::jsonb, '{outcome}', '\"allow\"') WHERE subject = '" + ids.get(3) + "'")).isEqualTo(1);
            }

            var after = tollgate.api().get("/v1/audit/verify", VIEWER_TOKEN).json();
            assertThat(after.get("intact").asBoolean()).isFalse();
            assertThat(after.get("firstBroken").get("decisionId").asText()).isEqualTo(ids.get(3));
            assertThat(after.get("firstBroken").get("seq").asLong()).isEqualTo(4);
            assertThat(after.get("firstBroken").get("problem").asText()).isNotBlank();
        }
    }

    @Test
    void the_database_refuses_updates_and_deletes_of_audit_records_even_for_a_superuser() throws SQLException {
        var db = PostgresFixture.newDatabase("append_only");
        try (var tollgate = TestTollgate.builder().database(TestDatabases.withRoles(db, 2)).start()) {
            tollgate.api().check(CI_TOKEN, aCheck().json());

            try (var c = db.connect(); var st = c.createStatement()) {
                assertThatThrownBy(() -> st.executeUpdate("UPDATE audit_event SET kind = 'deny'")).isInstanceOf(SQLException.class);
                assertThatThrownBy(() -> st.executeUpdate("DELETE FROM audit_event")).isInstanceOf(SQLException.class);
                assertThatThrownBy(() -> st.execute("TRUNCATE audit_event")).isInstanceOf(SQLException.class);
            }
            assertThat(tollgate.api().get("/v1/audit/verify", VIEWER_TOKEN).json().get("intact").asBoolean()).isTrue();
        }
    }
}
