package io.tollgate.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.tollgate.config.DatabaseConfig;
import io.tollgate.StartupException;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;

/**
 * The service's database: starts the embedded PostgreSQL when no external one is configured, migrates
 * the schema with Flyway, and pools connections with HikariCP behind one jOOQ {@link DSLContext}.
 *
 * <p>The embedded server ({@link EmbeddedServer}) keeps its data directory: the audit log is the record of
 * every decision and must survive a restart of the service. It listens on 127.0.0.1 only and every
 * connection needs a password, generated at first start into {@link EmbeddedCredentials#fileFor} (0600).
 *
 * <p>Least privilege: with the embedded server, migrations run as its superuser and the service then
 * connects as {@link DatabaseConfig#user()}, a plain login role granted only SELECT and INSERT on
 * the tables in {@link #APP_TABLES} (and the row changes releases need on {@link #MUTABLE_TABLES}), so it cannot
 * alter, disable triggers on or empty the audit
 * table. With an external database the configured user runs both; whatever its rights, the
 * migration's trigger refuses UPDATE, DELETE and TRUNCATE on {@code audit_event} for every role.
 */
public final class Database implements AutoCloseable {
    /** Tables the service role may read and append to; extend when a migration adds one. */
    static final List<String> APP_TABLES = List.of("audit_event", "audit_checkpoint");
    /**
     * Tables whose rows change in place (releases and their history outbox, db-scheduler's task rows), with the rights
     * the service needs on each: never TRUNCATE, never on {@code audit_event}.
     */
    static final java.util.Map<String, String> MUTABLE_TABLES = java.util.Map.of(
            "releases", "select, insert, update",
            "release_history", "select, insert, update",
            "scheduled_tasks", "select, insert, update, delete",
            "release_analysis_looks", "select, insert",
            // delete: only an override whose audit event could not be written (it never took effect)
            "overrides", "select, insert, update, delete");
    private static final Logger LOG = Logger.getLogger(Database.class.getName());

    private final EmbeddedServer embedded;
    private final HikariDataSource pool;
    private final DSLContext dsl;

    private Database(EmbeddedServer embedded, HikariDataSource pool) {
        this.embedded = embedded;
        this.pool = pool;
        this.dsl = DSL.using(pool, SQLDialect.POSTGRES);
    }

    /**
     * Starts (if embedded), migrates and connects. Fails fast, releasing whatever it started, when the
     * database cannot be reached or a migration fails: a {@link StartupException} names the problem and the
     * remedy (data directory in use, unreachable database, missing credentials file).
     * The embedded server listens on a free port of 127.0.0.1.
     *
     * @param config the validated {@code database.*} configuration, used as it is
     */
    public static Database open(DatabaseConfig config) {
        EmbeddedServer embedded = null;
        HikariDataSource pool = null;
        try {
            if (config.embedded()) {
                embedded = EmbeddedServer.start(config.dataDir(), config.user());
                var credentials = embedded.credentials();
                String url = credentials.jdbcUrl();
                migrate(Flyway.configure().dataSource(url, EmbeddedCredentials.SUPERUSER, credentials.superuserPassword()));
                if (!config.user().equals(EmbeddedCredentials.SUPERUSER)) {
                    grantServiceRole(credentials);
                }
                pool = openPool(url, config.user(), credentials.password(), config);
            } else {
                pool = openExternal(config);
                migrate(Flyway.configure().dataSource(pool));
            }
            return new Database(embedded, pool);
        } catch (RuntimeException e) {
            closeQuietly(pool, embedded);
            throw e;
        }
    }

    /** Fails with one line naming the database and what the driver said when it cannot be reached. */
    private static HikariDataSource openExternal(DatabaseConfig config) {
        try {
            return openPool(config.url(), config.user(), config.password(), config);
        } catch (RuntimeException e) {
            throw new StartupException("database " + config.url() + " is unreachable as user " + config.user() + " within "
                    + config.connectTimeout().toMillis() + "ms (" + StartupException.rootMessage(e)
                    + "); check that PostgreSQL runs there and database.url, database.user and database.password", e);
        }
    }

    /** jOOQ over the pool, PostgreSQL dialect. Thread-safe. */
    public DSLContext dsl() {
        return dsl;
    }

    public DataSource dataSource() {
        return pool;
    }

    /** Closes the pool, then stops the embedded server if this object started one. */
    @Override
    public void close() {
        closeQuietly(pool, embedded);
        LOG.info(embedded != null ? "database closed, embedded PostgreSQL stopped" : "database pool closed");
    }

    private static void migrate(org.flywaydb.core.api.configuration.FluentConfiguration flyway) {
        var result = flyway.locations("classpath:db/migration").load().migrate();
        LOG.info(() -> "schema migrated: " + result.migrationsExecuted + " migration(s) applied, now at version "
                + (result.targetSchemaVersion != null ? result.targetSchemaVersion : result.initialSchemaVersion));
    }

    /**
     * Creates the service's login role if missing, sets its password (from the credentials file, so a data
     * directory of an earlier version gets one too) and grants it read and append only.
     */
    private static void grantServiceRole(EmbeddedCredentials credentials) {
        String role = credentials.user();
        try (var c = DriverManager.getConnection(credentials.jdbcUrl(), EmbeddedCredentials.SUPERUSER, credentials.superuserPassword())) {
            var ctx = DSL.using(c, SQLDialect.POSTGRES);
            boolean exists = ctx.fetchExists(DSL.selectOne().from("pg_roles").where(DSL.field("rolname").eq(role)));
            if (!exists) {
                ctx.execute("create role {0} login nosuperuser nocreatedb nocreaterole", DSL.name(role));
            }
            ctx.execute("set password_encryption = 'scram-sha-256'");
            ctx.execute("alter role {0} password {1}", DSL.name(role), DSL.inline(credentials.password()));
            for (var table : APP_TABLES) {
                ctx.execute("grant select, insert on {0} to {1}", DSL.name(table), DSL.name(role));
            }
            for (var table : MUTABLE_TABLES.entrySet()) {
                ctx.execute("grant " + table.getValue() + " on {0} to {1}", DSL.name(table.getKey()), DSL.name(role));
            }
            LOG.info(() -> "service role '" + role + "' " + (exists ? "exists" : "created") + "; granted SELECT, INSERT on " + APP_TABLES
                    + " and " + MUTABLE_TABLES);
        } catch (SQLException e) {
            throw new IllegalStateException("could not set up the service role " + role, e);
        }
    }

    private static HikariDataSource openPool(String url, String user, String password, DatabaseConfig config) {
        var hikari = new HikariConfig();
        hikari.setPoolName("tollgate-db");
        hikari.setJdbcUrl(url);
        hikari.setUsername(user);
        hikari.setPassword(password);
        hikari.setMaximumPoolSize(config.poolSize());
        long timeoutMs = config.connectTimeout().toMillis();
        hikari.setConnectionTimeout(timeoutMs);
        hikari.setValidationTimeout(Math.max(250, timeoutMs / 2));
        // The driver's own socket connect timeout (seconds), so an unroutable host does not hang past the pool's.
        hikari.addDataSourceProperty("connectTimeout", Math.max(1, config.connectTimeout().toSeconds()));
        var pool = new HikariDataSource(hikari);
        LOG.info(() -> "connection pool open: " + config);
        return pool;
    }

    private static void closeQuietly(HikariDataSource pool, EmbeddedServer embedded) {
        if (pool != null) {
            pool.close();
        }
        if (embedded != null) {
            embedded.close();
        }
    }
}
