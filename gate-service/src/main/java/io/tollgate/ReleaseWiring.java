package io.tollgate;

import io.tollgate.config.TollgateConfig;
import io.tollgate.release.AdapterRegistry;
import io.tollgate.release.AnalysisCounters;
import io.tollgate.release.CanaryHealth;
import io.tollgate.release.FastBurn;
import io.tollgate.release.ReleaseConfig;
import io.tollgate.release.StrategiesFile;
import java.time.Duration;

/**
 * The release engine's settings and the adapters it may drive: every instance of {@code adapters:}, as its provider
 * (found on the class path) configured it. Tests pass a registry of fakes instead.
 *
 * @param pollInterval how often db-scheduler looks for due release steps
 * @param fastBurn     which SLOs burn fast; null: from the SLO monitor (tests pass a fake)
 * @param counters     where canary analysis reads its counters; null: the Prometheus of {@code slo.prometheusUrl}
 */
public record ReleaseWiring(ReleaseConfig config, AdapterRegistry adapters, CanaryHealth canary, Duration pollInterval,
                            FastBurn fastBurn, AnalysisCounters counters) {
    public ReleaseWiring(ReleaseConfig config, AdapterRegistry adapters, CanaryHealth canary, Duration pollInterval,
                         FastBurn fastBurn) {
        this(config, adapters, canary, pollInterval, fastBurn, null);
    }

    /** SLO fast burn read from the service's SLO monitor. */
    public ReleaseWiring(ReleaseConfig config, AdapterRegistry adapters, CanaryHealth canary, Duration pollInterval) {
        this(config, adapters, canary, pollInterval, null);
    }

    public static ReleaseWiring defaults() {
        return new ReleaseWiring(ReleaseConfig.defaults(), new AdapterRegistry(), CanaryHealth.none(), Duration.ofSeconds(1));
    }

    /** From the configuration: settings and named strategies of {@code releases}, and the instances of {@code adapters}. */
    public static ReleaseWiring from(TollgateConfig config) {
        var adapters = new AdapterRegistry();
        config.adapters().instances().values().forEach(adapters::add);
        // Canary health null: read from the Prometheus the service already queries (see startReleases).
        return new ReleaseWiring(StrategiesFile.config(config.releases()), adapters, null,
                config.releases().pollInterval());
    }
}
