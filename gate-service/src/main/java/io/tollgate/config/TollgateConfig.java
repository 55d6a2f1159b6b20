package io.tollgate.config;

import java.util.Objects;

/**
 * The whole service configuration, validated: every record checks itself in its compact constructor
 * and names the offending key, so a bad file stops the service at start with a clear message. Components
 * take their record as it is; nothing re-validates or copies it.
 */
public record TollgateConfig(
        ServerConfig server,
        DatabaseConfig database,
        PolicyConfig policy,
        AuthConfig auth,
        TracingConfig tracing,
        SloConfig slo,
        AuditConfig audit,
        ReleasesConfig releases) {

    public TollgateConfig {
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(auth, "auth");
        Objects.requireNonNull(tracing, "tracing");
        slo = slo == null ? new SloConfig(null, null, null, null, null) : slo;
        audit = audit == null ? AuditConfig.defaults() : audit;
        releases = releases == null ? ReleasesConfig.defaults() : releases;
    }

    /** Without a releases section (its defaults). */
    public TollgateConfig(ServerConfig server, DatabaseConfig database, PolicyConfig policy, AuthConfig auth, TracingConfig tracing,
                          SloConfig slo, AuditConfig audit) {
        this(server, database, policy, auth, tracing, slo, audit, null);
    }

    public TollgateConfig withServer(ServerConfig s) {
        return new TollgateConfig(s, database, policy, auth, tracing, slo, audit, releases);
    }

    public TollgateConfig withDatabase(DatabaseConfig d) {
        return new TollgateConfig(server, d, policy, auth, tracing, slo, audit, releases);
    }

    public TollgateConfig withPolicy(PolicyConfig p) {
        return new TollgateConfig(server, database, p, auth, tracing, slo, audit, releases);
    }

    public TollgateConfig withSlo(SloConfig s) {
        return new TollgateConfig(server, database, policy, auth, tracing, s, audit, releases);
    }

    public TollgateConfig withAuth(AuthConfig a) {
        return new TollgateConfig(server, database, policy, a, tracing, slo, audit, releases);
    }

    public TollgateConfig withAudit(AuditConfig a) {
        return new TollgateConfig(server, database, policy, auth, tracing, slo, a, releases);
    }
}
