package io.tollgate.config;

import java.nio.file.Path;

/**
 * Where the audit log lives.
 *
 * @param url      JDBC URL of PostgreSQL; null or blank starts the embedded PostgreSQL
 * @param dataDir  data directory of the embedded PostgreSQL (kept across restarts)
 * @param poolSize connection pool size
 */
public record DatabaseConfig(String url, String user, String password, Path dataDir, int poolSize) {
    public DatabaseConfig {
        if (url != null && url.isBlank()) {
            url = null;
        }
        if (url != null && !url.startsWith("jdbc:postgresql://")) {
            throw new ConfigException("database.url", "must start with jdbc:postgresql://, got \"" + url + "\"");
        }
        if (user == null || user.isBlank()) {
            user = "tollgate";
        }
        if (password == null) {
            password = "";
        }
        if (dataDir == null) {
            dataDir = Path.of(".data", "postgres");
        }
        if (poolSize == 0) {
            poolSize = 8;
        }
        if (poolSize < 1 || poolSize > 200) {
            throw new ConfigException("database.poolSize", "must be in 1..200, got " + poolSize);
        }
    }

    public boolean embedded() {
        return url == null;
    }
}
