package io.tollgate;

import io.tollgate.adapter.haproxy.HaproxyTrafficRouter;
import io.tollgate.adapter.unleash.UnleashFlagRollout;
import io.tollgate.config.TollgateConfig;
import io.tollgate.release.AdapterRegistry;
import io.tollgate.release.AnalysisCounters;
import io.tollgate.release.CanaryHealth;
import io.tollgate.release.FastBurn;
import io.tollgate.release.ReleaseConfig;
import io.tollgate.release.StrategiesFile;
import java.time.Duration;

/**
 * The release engine's settings and the adapters it may drive. The provider modules register here, one line each:
 * {@code adapters.flags(UnleashFlagRollout.TYPE, () -> new UnleashFlagRollout(unleashConfig))},
 * {@code adapters.traffic(HaproxyTrafficRouter.TYPE, () -> new HaproxyTrafficRouter(haproxyConfig))}.
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

    /**
     * From the configuration: settings and named strategies of {@code releases}, and the adapter types this build
     * knows. The one place provider modules are registered (see docs/releases.md, "Wiring adapters").
     */
    public static ReleaseWiring from(TollgateConfig config) {
        var adapters = new AdapterRegistry();
        var configured = config.adapters();
        if (configured.unleash() != null) {
            adapters.flags(UnleashFlagRollout.TYPE, () -> new UnleashFlagRollout(configured.unleash()));
        }
        if (configured.haproxy() != null) {
            adapters.traffic(HaproxyTrafficRouter.TYPE, () -> new HaproxyTrafficRouter(configured.haproxy()));
        }
        // Canary health null: read from the Prometheus the service already queries (see startReleases).
        return new ReleaseWiring(StrategiesFile.config(config.releases()), adapters, null,
                config.releases().pollInterval());
    }
}
