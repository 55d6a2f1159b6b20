package io.tollgate.db;

import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Pattern;

/**
 * Where the service keeps its data. Validated on construction so a bad setting fails at start-up,
 * naming the field, instead of at the first decision.
 *
 * @param jdbcUrl        {@code jdbc:postgresql:...} of an external database, or null to run the
 *                       embedded PostgreSQL
 * @param user           the role the service connects as. With the embedded database this role is
 *                       created if missing and granted only SELECT and INSERT on the audit table
 *                       (migrations run as the embedded superuser); with an external database it is
 *                       used for both migrations and queries.
 * @param password       password for {@code user}; may be empty (the embedded database trusts
 *                       local connections and ignores it)
 * @param dataDir        the embedded database's data directory, kept across restarts; required when
 *                       {@code jdbcUrl} is null, ignored otherwise
 * @param embeddedPort   port for the embedded database on 127.0.0.1, or 0 for any free port
 * @param poolSize       maximum pooled connections, 1..100
 * @param connectTimeout how long to wait for a connection before reporting the database
 *                       unavailable; short, so a dead database fails a request fast (250 ms..60 s)
 */
public record DatabaseSettings(
        String jdbcUrl,
        String user,
        String password,
        Path dataDir,
        int embeddedPort,
        int poolSize,
        Duration connectTimeout) {

    public static final String DEFAULT_USER = "tollgate";
    public static final int DEFAULT_POOL_SIZE = 10;
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(2);
    private static final Pattern ROLE_NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    public DatabaseSettings {
        if (jdbcUrl != null && !jdbcUrl.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException("jdbcUrl must start with jdbc:postgresql: (or be absent for the embedded database), got " + jdbcUrl);
        }
        if (user == null || user.isBlank()) {
            throw new IllegalArgumentException("user must not be blank");
        }
        if (jdbcUrl == null && !ROLE_NAME.matcher(user).matches()) {
            throw new IllegalArgumentException("user must be a lowercase role name ([a-z_][a-z0-9_]*) for the embedded database, got " + user);
        }
        password = password == null ? "" : password;
        if (jdbcUrl == null && dataDir == null) {
            throw new IllegalArgumentException("dataDir is required when jdbcUrl is not set (embedded database)");
        }
        if (embeddedPort < 0 || embeddedPort > 65535) {
            throw new IllegalArgumentException("embeddedPort must be 0 (any free port) or 1..65535, got " + embeddedPort);
        }
        if (poolSize < 1 || poolSize > 100) {
            throw new IllegalArgumentException("poolSize must be in 1..100, got " + poolSize);
        }
        if (connectTimeout == null
                || connectTimeout.compareTo(Duration.ofMillis(250)) < 0
                || connectTimeout.compareTo(Duration.ofSeconds(60)) > 0) {
            throw new IllegalArgumentException("connectTimeout must be between 250ms and 60s, got " + connectTimeout);
        }
    }

    /** The embedded database in {@code dataDir} on a free port, with the defaults above. */
    public static DatabaseSettings embedded(Path dataDir) {
        return new DatabaseSettings(null, DEFAULT_USER, "", dataDir, 0, DEFAULT_POOL_SIZE, DEFAULT_CONNECT_TIMEOUT);
    }

    /** An external database with the default pool size and connect timeout. */
    public static DatabaseSettings external(String jdbcUrl, String user, String password) {
        if (jdbcUrl == null) {
            throw new IllegalArgumentException("jdbcUrl must be set for an external database");
        }
        return new DatabaseSettings(jdbcUrl, user, password, null, 0, DEFAULT_POOL_SIZE, DEFAULT_CONNECT_TIMEOUT);
    }

    public boolean isEmbedded() {
        return jdbcUrl == null;
    }

    /** Never prints the password. */
    @Override
    public String toString() {
        return "DatabaseSettings[" + (isEmbedded() ? "embedded dataDir=" + dataDir + " port=" + embeddedPort : "jdbcUrl=" + jdbcUrl)
                + ", user=" + user + ", poolSize=" + poolSize + ", connectTimeout=" + connectTimeout + "]";
    }
}
