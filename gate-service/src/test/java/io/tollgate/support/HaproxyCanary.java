package io.tollgate.support;

import io.tollgate.adapter.AdapterProviders;
import io.tollgate.adapter.CanaryQueries;
import io.tollgate.adapter.TrafficAdapter;
import java.util.Map;

/** The canary queries of the HAProxy adapter, found the way the service finds them (ServiceLoader, a configured instance). */
public final class HaproxyCanary {
    private HaproxyCanary() {
    }

    public static CanaryQueries queries() {
        var named = AdapterProviders.installed()
                .configure("adapters", Map.of("haproxy", Map.of("host", "127.0.0.1", "runtimePort", 1))).get("haproxy");
        return ((TrafficAdapter) named.adapter()).queries();
    }
}
