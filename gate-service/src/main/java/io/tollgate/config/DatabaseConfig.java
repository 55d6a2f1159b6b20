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
 *                       superuser), so it must be a plain lowercase role name. External: runs migrations too
 * @param password       {@code database.password}; may be empty (the embedded database ignores it: its
 *                       passwords are generated into {@code <dataDir>.credentials}, mode 0600)
 * @param dataDir        {@code database.dataDir}: the embedded database's data directory, kept across restarts;
 *                       {@code <dataDir>.credentials}, {@code <dataDir>.lock} and {@code pg-binaries/} sit beside it
 * @param poolSize       {@code database.poolSize}: maximum pooled connections, 1..100; 0 means the default
 * @param connectTimeout {@code database.connectTimeout}: how long to wait for a connection before the
 *                       database counts as unavailable, 250ms..60s; short, so a dead database fails fast
 */
public record DatabaseConfig(String url, String user, String password, Path dataDir, int poolSize,
                             Duration connectTimeout) {
    public static final String DEFAULT_USER = "tollgate";
    public static final int DEFAULT_POOL_SIZE = 8;
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(2);
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
                + ", poolSize=" + poolSize + ", connectTimeout=" + Durations.format(connectTimeout) + "]";
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
