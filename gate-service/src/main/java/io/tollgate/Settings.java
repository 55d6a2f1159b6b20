package io.tollgate;

import io.tollgate.config.DatabaseConfig;
import io.tollgate.config.PolicyConfig;
import io.tollgate.db.DatabaseSettings;
import io.tollgate.policy.PolicyEngineSettings;

/** Maps the operator-facing configuration records to the settings records each component validates. */
final class Settings {
    private Settings() {
    }

    static DatabaseSettings database(DatabaseConfig c) {
        return new DatabaseSettings(c.url(), c.user(), c.password(), c.embedded() ? c.dataDir() : null, 0,
                c.poolSize(), DatabaseSettings.DEFAULT_CONNECT_TIMEOUT);
    }

    static PolicyEngineSettings policy(PolicyConfig c) {
        return new PolicyEngineSettings(c.engine(), c.bundle(), c.opaUrl(), c.timeout(), c.poolSize());
    }
}
