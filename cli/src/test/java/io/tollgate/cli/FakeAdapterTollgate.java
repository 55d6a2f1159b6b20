package io.tollgate.cli;

import io.tollgate.ReleaseWiring;
import io.tollgate.release.AdapterRegistry;
import io.tollgate.release.FakeCanaryHealth;
import io.tollgate.release.FakeFlagRollout;
import io.tollgate.release.FakeTrafficRouter;
import io.tollgate.release.FastBurn;
import io.tollgate.release.ReleaseConfig;
import io.tollgate.support.TestTollgate;
import java.time.Duration;
import java.util.Map;

/**
 * A real Tollgate whose release engine drives in-memory flag and traffic fakes, looking every 100 ms: what the CLI's
 * release and plan commands run against (the adapters themselves are tested on real Unleash and HAProxy in gate-service).
 */
final class FakeAdapterTollgate {
    private FakeAdapterTollgate() {
    }

    /** @param fastBurn the SLO burn the engine sees; null for the real one (no SLOs are defined here) */
    static TestTollgate start(String database, FastBurn fastBurn) {
        var config = new ReleaseConfig(Duration.ofSeconds(2), Duration.ofMillis(100), Duration.ofMillis(100), Duration.ofMillis(300),
                2, Duration.ofMillis(20), 0.20, 50, Map.of());
        var adapters = new AdapterRegistry().flags(FakeFlagRollout.TYPE, FakeFlagRollout::new)
                .traffic(FakeTrafficRouter.TYPE, FakeTrafficRouter::new);
        return TestTollgate.builder().freshDatabase(database)
                .releases(new ReleaseWiring(config, adapters, new FakeCanaryHealth(), Duration.ofMillis(50), fastBurn)).start();
    }
}
