package io.tollgate.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tollgate.StartupException;
import io.tollgate.audit.JooqDecisionLog;
import io.tollgate.audit.TestAudit;
import io.tollgate.config.DatabaseConfig;
import io.tollgate.support.TestDatabases;
import io.tollgate.testsupport.PostgresFixture;
import java.sql.DriverManager;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

/**
 * An external database with two roles, created by the PostgreSQL superuser as an operator would: the owner runs
 * the migrations, the service login may only read and append to the audit log. And start-up refuses a service
 * login that could erase it.
 */
class ServiceRoleTest {

    @Test
    void the_service_login_of_an_external_database_cannot_delete_alter_or_disable_triggers_on_the_audit_log() throws Exception {
        var db = PostgresFixture.newDatabase("roles");
        var config = TestDatabases.withRoles(db, 2);
        try (var database = Database.open(config)) {
            new JooqDecisionLog(TestAudit.log(database.dsl())).append(DatabaseTest.decision());
        }
        var roles = db.roles();
        try (var service = DriverManager.getConnection(db.jdbcUrl(), roles.service(), roles.servicePassword());
             var st = service.createStatement()) {
            for (var attack : new String[] {
                    "alter table audit_event disable trigger user",
                    "alter table audit_event disable trigger all",
                    "drop trigger audit_event_no_update_delete on audit_event",
                    "delete from audit_event",
                    "update audit_event set actor = 'mallory'",
                    "truncate audit_event",
                    "drop table audit_event"}) {
                assertThatThrownBy(() -> st.execute(attack)).as(attack).isInstanceOf(SQLException.class)
                        .satisfies(e -> assertThat(((SQLException) e).getSQLState()).as(attack + ": " + e.getMessage())
                                .isEqualTo("42501")); // insufficient_privilege / must be owner
            }
            var rs = st.executeQuery("select count(*) from audit_event");
            rs.next();
            assertThat(rs.getLong(1)).isEqualTo(1);
        }
    }

    @Test
    void refuses_to_start_when_the_service_login_would_run_the_migrations_and_own_the_audit_log() {
        var db = PostgresFixture.newDatabase("roles_none");
        var roles = db.roles();
        var config = DatabaseConfig.external(db.jdbcUrl(), roles.owner(), roles.ownerPassword());

        assertThatThrownBy(() -> Database.open(config)).isInstanceOf(StartupException.class)
                .hasMessageContaining("database.migrationUser is not set")
                .hasMessageContaining("database.allowPrivilegedUser");
    }

    @Test
    void refuses_to_start_as_a_superuser_even_with_a_migration_role() {
        var db = PostgresFixture.newDatabase("roles_super");
        var roles = db.roles();
        var config = DatabaseConfig.external(db.jdbcUrl(), db.user(), db.password()).withMigrationUser(roles.owner(), roles.ownerPassword());

        assertThatThrownBy(() -> Database.open(config)).isInstanceOf(StartupException.class)
                .hasMessageContaining("database.user 'postgres' is a superuser");
    }

    @Test
    void refuses_to_start_when_the_service_login_was_granted_delete_on_the_audit_log() throws Exception {
        var db = PostgresFixture.newDatabase("roles_delete");
        var config = TestDatabases.withRoles(db, 2);
        Database.open(config).close();
        try (var c = db.connect(); var st = c.createStatement()) {
            st.execute("grant delete, truncate on audit_event to " + db.roles().service());
        }

        assertThatThrownBy(() -> Database.open(config)).isInstanceOf(StartupException.class)
                .hasMessageContaining("may DELETE from audit_event")
                .hasMessageContaining("may TRUNCATE audit_event");
    }

    @Test
    void refuses_to_start_when_the_owner_is_the_service_login_of_an_earlier_version() throws Exception {
        var db = PostgresFixture.newDatabase("roles_upgrade");
        var roles = db.roles();
        try (var c = db.connect(); var st = c.createStatement()) {
            st.execute("grant create on schema public to " + roles.service());
        }
        // An earlier version: the service login ran the migrations, so it owns the tables.
        Database.open(DatabaseConfig.external(db.jdbcUrl(), roles.service(), roles.servicePassword()).allowingPrivilegedUser()).close();

        var config = TestDatabases.withRoles(db, 2);
        assertThatThrownBy(() -> Database.open(config)).isInstanceOf(StartupException.class)
                .hasMessageContaining("REASSIGN OWNED BY " + roles.service() + " TO " + roles.owner());
    }

    @Test
    void starts_with_a_privileged_login_only_when_that_is_allowed_explicitly() {
        var db = PostgresFixture.newDatabase("roles_allowed");

        try (var database = Database.open(TestDatabases.asSuperuser(db))) {
            assertThat(database.dsl().fetchValue("select current_user")).isEqualTo("postgres");
        }
    }
}
