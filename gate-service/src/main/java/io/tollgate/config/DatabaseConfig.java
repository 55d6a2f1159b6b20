package io.tollgate.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Pattern;

/**
 * Where the audit log lives, validated once here; {@code Database.open} takes this record as it is.
 *
 * @param url            {@code database.url}: {@code jdbc:postgresql://host[:port]/db} of an external
 *                       PostgreSQL; null or blank starts the embedded PostgreSQL
 * @param user           {@code database.user}: the role the service connects as. Embedded: created if
 *                       missing and granted only SELECT and INSERT (migrations run as the embedded
 *                       superuser), so it must be a plain lowercase role name. External: an existing login
 *                       role; granted its rights by {@code migrationUser}
 * @param password       {@code database.password}; may be empty (the embedded database ignores it: its
 *                       passwords are generated into {@code <dataDir>.credentials}, mode 0600)
 * @param dataDir        {@code database.dataDir}: the embedded database's data directory, kept across restarts;
 *                       {@code <dataDir>.credentials}, {@code <dataDir>.lock} and {@code pg-binaries/} sit beside it
 * @param poolSize       {@code database.poolSize}: maximum pooled connections, 1..100; 0 means the default
 * @param connectTimeout {@code database.connectTimeout}: how long to wait for a connection before the
 *                       database counts as unavailable, 250ms..60s; short, so a dead database fails fast
 * @param statementTimeout {@code database.statementTimeout}: longest a statement may run (PostgreSQL's
 *                       {@code statement_timeout}, with the driver's socket timeout one second above it for a
 *                       server that does not answer at all) and longest an audit append waits for its commit,
 *                       1s..10m, default 5s. Migrations are not bounded by it
 * @param migrationUser  {@code database.migrationUser}: external database only: the role that owns the schema and
 *                       runs the Flyway migrations, then grants {@code user} what it needs; null: {@code user}
 *                       migrates, and then owns {@code audit_event}, which start-up refuses unless
 *                       {@code allowPrivilegedUser}
 * @param migrationPassword {@code database.migrationPassword}; may be empty
 * @param allowPrivilegedUser {@code database.allowPrivilegedUser}: start even though {@code user} is a superuser,
 *                       owns {@code audit_event} or may UPDATE, DELETE or TRUNCATE it (whoever has its password can
 *                       then erase history); default false. Logged as SEVERE at every start
 */
public record DatabaseConfig(String url, String user, String password, Path dataDir, int poolSize,
                             Duration connectTimeout, Duration statementTimeout, String migrationUser,
                             String migrationPassword, boolean allowPrivilegedUser) {
    public static final String DEFAULT_USER = "tollgate";
    public static final int DEFAULT_POOL_SIZE = 8;
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(2);
    public static final Duration DEFAULT_STATEMENT_TIMEOUT = Duration.ofSeconds(5);
    private static final Pattern ROLE_NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");
    private static final String SCHEME = "jdbc:postgresql://";

    public DatabaseConfig {
        url = url == null || url.isBlank() ? null : url.trim();
        if (url != null) {
            requirePostgresUrl(url);
        }
        user = user == null || user.isBlank() ? DEFAULT_USER : user;
        if (url == null && !ROLE_NAME.matcher(user).matches()) {
            throw new ConfigException("database.user", "must be a lowercase role name ([a-z_][a-z0-9_]*) for the embedded database, got \""
                    + user + "\"");
        }
        password = password == null ? "" : password;
        dataDir = dataDir == null ? Path.of(".data", "postgres") : dataDir;
        poolSize = poolSize == 0 ? DEFAULT_POOL_SIZE : poolSize;
        if (poolSize < 1 || poolSize > 100) {
            throw new ConfigException("database.poolSize", "must be in 1..100, got " + poolSize);
        }
        connectTimeout = connectTimeout == null ? DEFAULT_CONNECT_TIMEOUT : connectTimeout;
        if (connectTimeout.compareTo(Duration.ofMillis(250)) < 0 || connectTimeout.compareTo(Duration.ofSeconds(60)) > 0) {
            throw new ConfigException("database.connectTimeout", "must be between 250ms and 60s, got " + Durations.format(connectTimeout));
        }
        statementTimeout = statementTimeout == null ? DEFAULT_STATEMENT_TIMEOUT : statementTimeout;
        if (statementTimeout.compareTo(Duration.ofSeconds(1)) < 0 || statementTimeout.compareTo(Duration.ofMinutes(10)) > 0) {
            throw new ConfigException("database.statementTimeout", "must be between 1s and 10m, got " + Durations.format(statementTimeout));
        }
        migrationUser = migrationUser == null || migrationUser.isBlank() ? null : migrationUser;
        migrationPassword = migrationPassword == null ? "" : migrationPassword;
        if (url == null && migrationUser != null) {
            throw new ConfigException("database.migrationUser", "is for an external database (database.url); the embedded one "
                    + "migrates as its own superuser");
        }
        if (migrationUser != null && migrationUser.equals(user)) {
            throw new ConfigException("database.migrationUser", "must differ from database.user (" + user + "): the service role "
                    + "must not own the audit table");
        }
    }

    /** Without a migration role, the default statement timeout, privileged service users refused. */
    public DatabaseConfig(String url, String user, String password, Path dataDir, int poolSize, Duration connectTimeout) {
        this(url, user, password, dataDir, poolSize, connectTimeout, null, null, null, false);
    }

    /** The same, with {@code owner} (password {@code ownerPassword}) running migrations. */
    public DatabaseConfig withMigrationUser(String owner, String ownerPassword) {
        return new DatabaseConfig(url, user, password, dataDir, poolSize, connectTimeout, statementTimeout, owner, ownerPassword,
                allowPrivilegedUser);
    }

    /** The same with another statement timeout. */
    public DatabaseConfig withStatementTimeout(Duration timeout) {
        return new DatabaseConfig(url, user, password, dataDir, poolSize, connectTimeout, timeout, migrationUser, migrationPassword,
                allowPrivilegedUser);
    }

    /** The same, starting even with a privileged service user (see {@code allowPrivilegedUser}). */
    public DatabaseConfig allowingPrivilegedUser() {
        return new DatabaseConfig(url, user, password, dataDir, poolSize, connectTimeout, statementTimeout, migrationUser,
                migrationPassword, true);
    }

    /** The embedded database in {@code dataDir} with the defaults above. */
    public static DatabaseConfig embedded(Path dataDir) {
        return new DatabaseConfig(null, null, null, dataDir, 0, null);
    }

    /** An external database with the default pool size and connect timeout. */
    public static DatabaseConfig external(String url, String user, String password) {
        if (url == null || url.isBlank()) {
            throw new ConfigException("database.url", "is required for an external database");
        }
        return new DatabaseConfig(url, user, password, null, 0, null);
    }

    public boolean embedded() {
        return url == null;
    }

    /** Never prints the password. */
    @Override
    public String toString() {
        return "DatabaseConfig[" + (embedded() ? "embedded dataDir=" + dataDir : "url=" + url) + ", user=" + user
                + (migrationUser != null ? ", migrationUser=" + migrationUser : "") + ", poolSize=" + poolSize
                + ", connectTimeout=" + Durations.format(connectTimeout) + ", statementTimeout=" + Durations.format(statementTimeout)
                + (allowPrivilegedUser ? ", allowPrivilegedUser=true" : "") + "]";
    }

    private static void requirePostgresUrl(String url) {
        if (!url.startsWith(SCHEME)) {
            throw new ConfigException("database.url", "must start with " + SCHEME + ", got \"" + url + "\"");
        }
        try {
            var uri = new URI(url.substring("jdbc:".length()));
            if (uri.getHost() == null || uri.getHost().isBlank()) {
                throw new ConfigException("database.url", "must name a host (" + SCHEME + "host:5432/db), got \"" + url + "\"");
            }
        } catch (URISyntaxException e) {
            throw new ConfigException("database.url", "is not a valid URL (" + e.getReason() + "), got \"" + url + "\"");
        }
    }
}
