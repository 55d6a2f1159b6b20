package io.tollgate.support;

import io.tollgate.config.DatabaseConfig;
import io.tollgate.testsupport.PostgresFixture;
import java.sql.SQLException;

/** External database settings for tests, as production should have them: an owner role migrates, a plain role serves. */
public final class TestDatabases {
    private TestDatabases() {
    }

    /**
     * {@code db} with its two roles ({@link PostgresFixture#createRoles}): the service connects as the plain login
     * role, the owner runs migrations and grants it SELECT and INSERT on the audit table.
     */
    public static DatabaseConfig withRoles(PostgresFixture.Database db, int poolSize) {
        var roles = db.roles();
        return new DatabaseConfig(db.jdbcUrl(), roles.service(), roles.servicePassword(), null, poolSize, null)
                .withMigrationUser(roles.owner(), roles.ownerPassword());
    }

    /** {@code db} as its superuser: for tests of the log itself that tamper through the same login. */
    public static DatabaseConfig asSuperuser(PostgresFixture.Database db) {
        return DatabaseConfig.external(db.jdbcUrl(), db.user(), db.password()).allowingPrivilegedUser();
    }

    /** Makes the database refuse new connections and cuts the existing ones (what an outage looks like to a pool). */
    public static void setConnectable(String database, boolean allow) throws SQLException {
        try (var c = PostgresFixture.server().getPostgresDatabase().getConnection(); var st = c.createStatement()) {
            st.execute("ALTER DATABASE " + database + " ALLOW_CONNECTIONS " + allow);
            if (!allow) {
                st.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + database + "'");
            }
        }
    }
}
