package io.tollgate.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.tollgate.config.DatabaseConfig;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.logging.Level;
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
 * <p>Why the embedded server keeps its data directory ({@code setCleanDataDirectory(false)}): the audit
 * log is the record of every decision and must survive a restart of the service. It listens on
 * 127.0.0.1 only, since it trusts every local connection.
 *
 * <p>Least privilege: with the embedded server, migrations run as its superuser and the service then
 * connects as {@link DatabaseConfig#user()}, a plain login role granted only SELECT and INSERT on
 * the tables in {@link #APP_TABLES}, so it cannot alter, disable triggers on or empty the audit
 * table. With an external database the configured user runs both; whatever its rights, the
 * migration's trigger refuses UPDATE, DELETE and TRUNCATE on {@code audit_event} for every role.
 */
public final class Database implements AutoCloseable {
    /** Tables the service role may read and append to; extend when a migration adds one. */
    static final List<String> APP_TABLES = List.of("audit_event");
    private static final String EMBEDDED_SUPERUSER = "postgres";
    private static final Logger LOG = Logger.getLogger(Database.class.getName());

    private final EmbeddedPostgres embedded;
    private final HikariDataSource pool;
    private final DSLContext dsl;

    private Database(EmbeddedPostgres embedded, HikariDataSource pool) {
        this.embedded = embedded;
        this.pool = pool;
        this.dsl = DSL.using(pool, SQLDialect.POSTGRES);
    }

    /**
     * Starts (if embedded), migrates and connects. Fails fast, releasing whatever it started, when the
     * database cannot be reached or a migration fails.
     * The embedded server listens on a free port of 127.0.0.1.
     *
     * @param config the validated {@code database.*} configuration, used as it is
     */
    public static Database open(DatabaseConfig config) {
        EmbeddedPostgres embedded = null;
        HikariDataSource pool = null;
        try {
            String url;
            if (config.embedded()) {
                embedded = startEmbedded(config);
                url = "jdbc:postgresql://127.0.0.1:" + embedded.getPort() + "/postgres";
                migrate(Flyway.configure().dataSource(url, EMBEDDED_SUPERUSER, ""));
                if (!config.user().equals(EMBEDDED_SUPERUSER)) {
                    grantServiceRole(url, config.user());
                }
            } else {
                url = config.url();
            }
            pool = openPool(url, config);
            if (!config.embedded()) {
                migrate(Flyway.configure().dataSource(pool));
            }
            return new Database(embedded, pool);
        } catch (RuntimeException e) {
            closeQuietly(pool, embedded);
            throw e;
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

    private static EmbeddedPostgres startEmbedded(DatabaseConfig config) {
        var dir = config.dataDir().toAbsolutePath();
        boolean existing = Files.exists(dir.resolve("postgresql.conf"));
        try {
            Files.createDirectories(dir);
            var pg = EmbeddedPostgres.builder()
                    .setDataDirectory(dir)
                    .setCleanDataDirectory(false)
                    .setServerConfig("listen_addresses", "127.0.0.1")
                    // Durable: the library's defaults turn these off for throwaway test databases, but every
                    // decision acknowledged to a caller must survive a crash of the host.
                    .setServerConfig("fsync", "on")
                    .setServerConfig("synchronous_commit", "on")
                    .setServerConfig("full_page_writes", "on")
                    .start();
            LOG.info(() -> "embedded PostgreSQL listening on 127.0.0.1:" + pg.getPort() + ", "
                    + (existing ? "reusing data in " : "initialised new data directory ") + dir);
            return pg;
        } catch (IOException e) {
            throw new UncheckedIOException("could not start embedded PostgreSQL in " + dir, e);
        }
    }

    private static void migrate(org.flywaydb.core.api.configuration.FluentConfiguration flyway) {
        var result = flyway.locations("classpath:db/migration").load().migrate();
        LOG.info(() -> "schema migrated: " + result.migrationsExecuted + " migration(s) applied, now at version "
                + (result.targetSchemaVersion != null ? result.targetSchemaVersion : result.initialSchemaVersion));
    }

    /** Creates the service's login role if missing and grants it read and append only. */
    private static void grantServiceRole(String url, String role) {
        try (var c = DriverManager.getConnection(url, EMBEDDED_SUPERUSER, "")) {
            var ctx = DSL.using(c, SQLDialect.POSTGRES);
            boolean exists = ctx.fetchExists(DSL.selectOne().from("pg_roles").where(DSL.field("rolname").eq(role)));
            if (!exists) {
                ctx.execute("create role {0} login nosuperuser nocreatedb nocreaterole", DSL.name(role));
            }
            for (var table : APP_TABLES) {
                ctx.execute("grant select, insert on {0} to {1}", DSL.name(table), DSL.name(role));
            }
            LOG.info(() -> "service role '" + role + "' " + (exists ? "exists" : "created") + "; granted SELECT, INSERT on " + APP_TABLES);
        } catch (SQLException e) {
            throw new IllegalStateException("could not set up the service role " + role, e);
        }
    }

    private static HikariDataSource openPool(String url, DatabaseConfig config) {
        var hikari = new HikariConfig();
        hikari.setPoolName("tollgate-db");
        hikari.setJdbcUrl(url);
        hikari.setUsername(config.user());
        hikari.setPassword(config.password());
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

    private static void closeQuietly(HikariDataSource pool, EmbeddedPostgres embedded) {
        if (pool != null) {
            pool.close();
        }
        if (embedded != null) {
            try {
                embedded.close();
            } catch (IOException e) {
                LOG.log(Level.WARNING, "could not stop embedded PostgreSQL cleanly", e);
            }
        }
    }
}
