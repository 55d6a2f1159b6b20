package io.tollgate.audit;

import io.tollgate.db.Database;
import io.tollgate.config.DatabaseConfig;
import io.tollgate.testsupport.PostgresFixture;

/** A fresh, migrated database on the shared test PostgreSQL, plus its superuser coordinates for tampering. */
record AuditDatabases(Database database, PostgresFixture.Database superuser) implements AutoCloseable {

    static AuditDatabases fresh() {
        var coordinates = PostgresFixture.newDatabase("audit");
        var database = Database.open(DatabaseConfig.external(coordinates.jdbcUrl(), coordinates.user(), coordinates.password()).allowingPrivilegedUser());
        return new AuditDatabases(database, coordinates);
    }

    JooqDecisionLog log() {
        return new JooqDecisionLog(TestAudit.log(database.dsl()));
    }

    @Override
    public void close() {
        database.close();
    }
}
