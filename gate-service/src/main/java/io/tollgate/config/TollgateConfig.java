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
        ReleasesConfig releases,
        AdaptersConfig adapters,
        AnalysisConfig analysis) {

    public TollgateConfig {
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(auth, "auth");
        Objects.requireNonNull(tracing, "tracing");
        slo = slo == null ? new SloConfig(null, null, null, null, null) : slo;
        audit = audit == null ? AuditConfig.defaults() : audit;
        releases = releases == null ? ReleasesConfig.defaults() : releases;
        adapters = adapters == null ? AdaptersConfig.none() : adapters;
        analysis = analysis == null ? AnalysisConfig.defaults() : analysis;
        var guardable = adapters.guardable();
        for (String name : new java.util.TreeSet<>(releases.adapterGuards().keySet())) {
            if (!guardable.contains(name)) {
                throw new ConfigException("releases.adapterGuards." + name, "no adapter instance or type of that name; known: "
                        + (guardable.isEmpty() ? "none" : String.join(", ", guardable)));
            }
        }
    }

    /** Without an analysis section (its defaults). */
    public TollgateConfig(ServerConfig server, DatabaseConfig database, PolicyConfig policy, AuthConfig auth, TracingConfig tracing,
                          SloConfig slo, AuditConfig audit, ReleasesConfig releases, AdaptersConfig adapters) {
        this(server, database, policy, auth, tracing, slo, audit, releases, adapters, null);
    }

    /** Without an adapters section (no providers). */
    public TollgateConfig(ServerConfig server, DatabaseConfig database, PolicyConfig policy, AuthConfig auth, TracingConfig tracing,
                          SloConfig slo, AuditConfig audit, ReleasesConfig releases) {
        this(server, database, policy, auth, tracing, slo, audit, releases, null);
    }

    /** Without a releases section (its defaults). */
    public TollgateConfig(ServerConfig server, DatabaseConfig database, PolicyConfig policy, AuthConfig auth, TracingConfig tracing,
                          SloConfig slo, AuditConfig audit) {
        this(server, database, policy, auth, tracing, slo, audit, null, null);
    }

    public TollgateConfig withServer(ServerConfig s) {
        return new TollgateConfig(s, database, policy, auth, tracing, slo, audit, releases, adapters, analysis);
    }

    public TollgateConfig withDatabase(DatabaseConfig d) {
        return new TollgateConfig(server, d, policy, auth, tracing, slo, audit, releases, adapters, analysis);
    }

    public TollgateConfig withPolicy(PolicyConfig p) {
        return new TollgateConfig(server, database, p, auth, tracing, slo, audit, releases, adapters, analysis);
    }

    public TollgateConfig withSlo(SloConfig s) {
        return new TollgateConfig(server, database, policy, auth, tracing, s, audit, releases, adapters, analysis);
    }

    public TollgateConfig withAuth(AuthConfig a) {
        return new TollgateConfig(server, database, policy, a, tracing, slo, audit, releases, adapters, analysis);
    }

    public TollgateConfig withAudit(AuditConfig a) {
        return new TollgateConfig(server, database, policy, auth, tracing, slo, a, releases, adapters, analysis);
    }

    public TollgateConfig withAdapters(AdaptersConfig a) {
        return new TollgateConfig(server, database, policy, auth, tracing, slo, audit, releases, a, analysis);
    }

    public TollgateConfig withAnalysis(AnalysisConfig a) {
        return new TollgateConfig(server, database, policy, auth, tracing, slo, audit, releases, adapters, a);
    }
}
