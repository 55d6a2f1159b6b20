package io.tollgate.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.tollgate.config.DatabaseConfig;
import io.tollgate.StartupException;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.postgresql.ds.PGSimpleDataSource;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;

/**
 * The service's database: starts the embedded PostgreSQL when no external one is configured (and restarts it
 * when it dies, {@link EmbeddedSupervisor}), migrates the schema with Flyway, and pools connections with
 * HikariCP behind one jOOQ {@link DSLContext}.
 *
 * <p>The embedded server ({@link EmbeddedServer}) keeps its data directory: the audit log is the record of
 * every decision and must survive a restart of the service. It listens on 127.0.0.1 only and every
 * connection needs a password, generated at first start into {@link EmbeddedCredentials#fileFor} (0600).
 *
 * <p>Least privilege ({@link ServiceRole}): migrations run as the schema's owner (the embedded superuser, or
 * {@link DatabaseConfig#migrationUser()} of an external database) and the service then connects as
 * {@link DatabaseConfig#user()}, granted only SELECT and INSERT on {@code audit_event} (and the row changes
 * releases need), so it cannot alter, disable triggers on or empty the audit table. Start-up refuses a service
 * login that could, unless {@link DatabaseConfig#allowPrivilegedUser()}.
 *
 * <p>Bounded waits: every pooled connection carries PostgreSQL's {@code statement_timeout} and the driver's
 * socket timeout ({@link DatabaseConfig#statementTimeout()}), so a stalled server fails queries instead of
 * hanging them; migrations run on their own connection without those limits.
 */
public final class Database implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(Database.class.getName());

    private final EmbeddedSupervisor supervisor;
    private final EmbeddedServer embedded;
    private final HikariDataSource pool;
    private final DSLContext dsl;

    private Database(EmbeddedServer embedded, EmbeddedSupervisor supervisor, HikariDataSource pool) {
        this.embedded = embedded;
        this.supervisor = supervisor;
        this.pool = pool;
        this.dsl = DSL.using(pool, SQLDialect.POSTGRES);
    }

    /**
     * Starts (if embedded), migrates and connects. Fails fast, releasing whatever it started, when the
     * database cannot be reached, a migration fails or the service login could erase the audit log: a
     * {@link StartupException} names the problem and the remedy (data directory in use, unreachable database,
     * missing credentials file, the setting to change).
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
                ServiceRole.requireLeastPrivilege(pool, config);
                return new Database(embedded, EmbeddedSupervisor.start(embedded), pool);
            }
            pool = openExternal(config);
            if (config.migrationUser() == null && !config.allowPrivilegedUser()) {
                throw new StartupException("database.migrationUser is not set, so database.user '" + config.user() + "' would run the "
                        + "migrations and own audit_event: whoever has its password could disable the append-only trigger and "
                        + "erase history. Set database.migrationUser and database.migrationPassword (TOLLGATE_DB_MIGRATION_USER, "
                        + "TOLLGATE_DB_MIGRATION_PASSWORD) to the schema's owner role, or database.allowPrivilegedUser "
                        + "(TOLLGATE_DB_ALLOW_PRIVILEGED_USER=true) to accept the risk; see 'Database roles' in docs/operations.md");
            }
            migrateExternal(config);
            ServiceRole.requireLeastPrivilege(pool, config);
            return new Database(null, null, pool);
        } catch (RuntimeException e) {
            closeQuietly(pool, embedded);
            throw e;
        }
    }

    /** Migrates as the owner role (or the service's own when none is set), then grants the service its rights. */
    private static void migrateExternal(DatabaseConfig config) {
        boolean separateOwner = config.migrationUser() != null;
        String owner = separateOwner ? config.migrationUser() : config.user();
        var source = new PGSimpleDataSource();
        source.setUrl(config.url());
        source.setUser(owner);
        source.setPassword(separateOwner ? config.migrationPassword() : config.password());
        source.setConnectTimeout(Math.max(1, (int) config.connectTimeout().toSeconds()));
        try {
            migrate(Flyway.configure().dataSource(source));
            if (separateOwner) {
                try (var c = source.getConnection()) {
                    ServiceRole.grant(c, config.user());
                }
            }
        } catch (SQLException | RuntimeException e) {
            throw new StartupException("could not migrate " + config.url() + " as " + (separateOwner ? "database.migrationUser " : "database.user ")
                    + owner + " (" + StartupException.rootMessage(e) + "); it must own the schema's tables (or be allowed to create them)"
                    + (separateOwner ? " and be able to log in with database.migrationPassword; tables an earlier version created "
                    + "as database.user still belong to it: as a superuser, REASSIGN OWNED BY " + config.user() + " TO " + owner : ""), e);
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

    /** Stops supervising, closes the pool, then stops the embedded server if this object started one. */
    @Override
    public void close() {
        if (supervisor != null) {
            supervisor.close();
        }
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
            ServiceRole.grant(c, role);
            LOG.info(() -> "embedded service role '" + role + "' " + (exists ? "exists" : "created"));
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
        // Values as strings: the driver reads its properties with getProperty, which ignores any other type.
        String connectSeconds = Long.toString(Math.max(1, config.connectTimeout().toSeconds()));
        hikari.addDataSourceProperty("connectTimeout", connectSeconds);
        hikari.addDataSourceProperty("loginTimeout", connectSeconds);
        // A statement the server runs too long is cancelled by the server (a clean error, the transaction rolled back);
        // a server that answers nothing at all (stopped, partitioned) is given up by the driver one second later.
        long statementMs = config.statementTimeout().toMillis();
        hikari.addDataSourceProperty("options", "-c statement_timeout=" + statementMs);
        hikari.addDataSourceProperty("socketTimeout", Long.toString((statementMs + 999) / 1000 + 1));
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
