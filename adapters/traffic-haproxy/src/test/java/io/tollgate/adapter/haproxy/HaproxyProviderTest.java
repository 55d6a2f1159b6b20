package io.tollgate.adapter.haproxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tollgate.adapter.AdapterConfigException;
import io.tollgate.adapter.AdapterProviders;
import io.tollgate.adapter.CanaryQueries;
import io.tollgate.adapter.Side;
import io.tollgate.adapter.TrafficAdapter;
import io.tollgate.adapter.TrafficTarget;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HaproxyProviderTest {

    private static HaproxyConfig bind(Map<String, ?> section) {
        var bound = AdapterProviders.installed().configure("adapters", Map.of("edge", section)).get("edge");
        assertThat(bound.type()).isEqualTo("haproxy");
        return ((HaproxyProvider.Instance) bound.adapter()).config();
    }

    @Test
    void is_found_on_the_class_path_and_binds_its_section() {
        assertThat(AdapterProviders.installed().types()).contains("haproxy");
        var config = bind(Map.of("type", "haproxy", "host", "127.0.0.1", "runtimePort", "9999", "callTimeout", "250ms",
                "totalWeight", 200, "stateFile", "/tmp/haproxy.state"));
        assertThat(config).isEqualTo(new HaproxyConfig("127.0.0.1", 9999, Duration.ofMillis(250), 200, Path.of("/tmp/haproxy.state")));
        assertThat(bind(Map.of("type", "haproxy", "host", "h", "runtimePort", 1))).isEqualTo(HaproxyConfig.defaults("h", 1));
    }

    @Test
    void rejects_bad_keys_naming_them() {
        assertThatThrownBy(() -> bind(Map.of("type", "haproxy", "runtimePort", 9999)))
                .isInstanceOf(AdapterConfigException.class).hasMessage("adapters.edge.host: required");
        assertThatThrownBy(() -> bind(Map.of("type", "haproxy", "host", "h")))
                .hasMessage("adapters.edge.runtimePort: required");
        assertThatThrownBy(() -> bind(Map.of("type", "haproxy", "host", "h", "runtimePort", 0)))
                .hasMessage("adapters.edge.runtimePort: must be in 1..65535, got 0");
        assertThatThrownBy(() -> bind(Map.of("type", "haproxy", "host", "h", "runtimePort", 1, "totalWeight", 257)))
                .hasMessage("adapters.edge.totalWeight: must be in 1..256, got 257");
        assertThatThrownBy(() -> bind(Map.of("type", "haproxy", "host", "h", "runtimePort", 1, "callTimeout", "2m")))
                .hasMessage("adapters.edge.callTimeout: must be between 1ms and 1m, got 2m");
        assertThatThrownBy(() -> bind(Map.of("type", "haproxy", "host", "h", "runtimePort", 1, "backend", "x")))
                .hasMessageStartingWith("adapters.edge.backend: unknown key; known: callTimeout, host, runtimePort");
    }

    @Test
    void counts_the_canary_with_the_exporters_responses_per_server() {
        var adapter = (TrafficAdapter) new HaproxyProvider().configure(
                new io.tollgate.adapter.AdapterSection("adapters.haproxy", Map.of("host", "h", "runtimePort", 1)));
        var target = new TrafficTarget("checkout", "v149", "v150");
        assertThat(adapter.queries().counters(target, Side.CANARY)).contains(new CanaryQueries.SideCounters(
                "haproxy_server_http_responses_total{proxy=\"checkout\",server=\"v150\"}",
                "haproxy_server_http_responses_total{proxy=\"checkout\",server=\"v150\",code=\"5xx\"}"));
        assertThat(adapter.queries().counters(target, Side.STABLE).orElseThrow().requests())
                .isEqualTo("haproxy_server_http_responses_total{proxy=\"checkout\",server=\"v149\"}");
        assertThat(adapter.queries().latency(target, Side.CANARY, 0.5)).as("no per-server histogram").isEmpty();
        assertThat(adapter.create()).isInstanceOf(HaproxyTrafficRouter.class);
    }
}
