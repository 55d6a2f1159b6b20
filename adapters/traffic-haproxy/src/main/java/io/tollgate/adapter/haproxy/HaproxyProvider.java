package io.tollgate.adapter.haproxy;

import io.tollgate.adapter.AdapterProvider;
import io.tollgate.adapter.AdapterSection;
import io.tollgate.adapter.CanaryQueries;
import io.tollgate.adapter.TrafficAdapter;
import io.tollgate.adapter.TrafficRouter;
import java.time.Duration;

/**
 * The {@code haproxy} adapter type (registered in {@code META-INF/services/io.tollgate.adapter.AdapterProvider}): binds
 * {@code adapters.<name>} to a {@link HaproxyConfig}, creates a {@link HaproxyTrafficRouter}, and reads the canary from
 * HAProxy's exporter ({@link HaproxyQueries}).
 */
public final class HaproxyProvider implements AdapterProvider {

    @Override
    public String type() {
        return HaproxyTrafficRouter.TYPE;
    }

    /** Keys: {@code host}, {@code runtimePort} (required), {@code callTimeout}, {@code totalWeight}, {@code stateFile}. */
    @Override
    public TrafficAdapter configure(AdapterSection section) {
        section.only("host", "runtimePort", "callTimeout", "totalWeight", "stateFile");
        var config = new HaproxyConfig(section.text("host"), section.integer("runtimePort", 1, 65535),
                section.duration("callTimeout", HaproxyConfig.DEFAULT_CALL_TIMEOUT, Duration.ofMillis(1), Duration.ofSeconds(60)),
                section.integer("totalWeight", HaproxyConfig.DEFAULT_TOTAL_WEIGHT, 1, HaproxyConfig.MAX_WEIGHT),
                section.path("stateFile"));
        return new Instance(config);
    }

    /** One configured HAProxy: its Runtime API and the exporter's queries; {@code config} for tests. */
    public record Instance(HaproxyConfig config) implements TrafficAdapter {
        @Override
        public TrafficRouter create() {
            return new HaproxyTrafficRouter(config);
        }

        @Override
        public CanaryQueries queries() {
            return HaproxyQueries.EXPORTER;
        }
    }
}
