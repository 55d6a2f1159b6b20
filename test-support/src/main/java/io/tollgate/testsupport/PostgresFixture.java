package io.tollgate.testsupport;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One real PostgreSQL (embedded binaries from Maven Central) per test JVM, started on first use and
 * stopped at JVM exit. Each test class takes its own fresh database with {@link #newDatabase(String)}
 * so classes never see each other's rows.
 */
public final class PostgresFixture {
    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static EmbeddedPostgres shared;

    private PostgresFixture() {
    }

    /** The shared server, started on first call. */
    public static synchronized EmbeddedPostgres server() {
        if (shared == null) {
            try {
                shared = EmbeddedPostgres.builder().start();
            } catch (IOException e) {
                throw new UncheckedIOException("could not start embedded PostgreSQL", e);
            }
            var started = shared;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    started.close();
                } catch (IOException ignored) {
                    // the JVM is going away; nothing useful to do
                }
            }));
        }
        return shared;
    }

    /** Creates an empty database (name prefix + counter) on the shared server and returns its coordinates. */
    public static Database newDatabase(String prefix) {
        var pg = server();
        String name = (prefix.replaceAll("[^a-z0-9_]", "_") + "_" + COUNTER.incrementAndGet()).toLowerCase();
        try (Connection c = pg.getPostgresDatabase().getConnection(); var st = c.createStatement()) {
            st.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("could not create database " + name, e);
        }
        return new Database("jdbc:postgresql://127.0.0.1:" + pg.getPort() + "/" + name, "postgres", "postgres");
    }

    /** Coordinates of one test database. The user is a superuser (useful to tamper with tables in tests). */
    public record Database(String jdbcUrl, String user, String password) {
        public Connection connect() throws SQLException {
            return DriverManager.getConnection(jdbcUrl, user, password);
        }

        /** The database's name, the last part of its URL. */
        public String name() {
            return jdbcUrl.substring(jdbcUrl.lastIndexOf('/') + 1);
        }

        /** {@link PostgresFixture#createRoles} for this database, as its superuser. */
        public Roles roles() {
            return createRoles(this);
        }
    }

    /**
     * The two roles of a production setup: {@code owner} owns the database (so it may create the schema's tables,
     * it runs the migrations) and {@code service} is a plain login role with no rights of its own.
     */
    public record Roles(String owner, String ownerPassword, String service, String servicePassword) {
    }

    /**
     * Creates (if missing) {@code <name>_owner}, made owner of the database, and {@code <name>_svc}, a plain login role,
     * as the superuser of {@code db}. Idempotent.
     */
    public static Roles createRoles(Database db) {
        String name = db.name();
        var roles = new Roles(name + "_owner", "owner-" + name, name + "_svc", "svc-" + name);
        try (Connection c = db.connect(); var st = c.createStatement()) {
            for (var role : new String[][] {{roles.owner(), roles.ownerPassword()}, {roles.service(), roles.servicePassword()}}) {
                st.execute("DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '" + role[0] + "') THEN "
                        + "CREATE ROLE " + role[0] + " LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD '" + role[1] + "'; END IF; END $$");
            }
            st.execute("ALTER DATABASE " + name + " OWNER TO " + roles.owner());
            st.execute("GRANT CREATE, USAGE ON SCHEMA public TO " + roles.owner());
        } catch (SQLException e) {
            throw new IllegalStateException("could not create the roles of database " + name, e);
        }
        return roles;
    }
}
