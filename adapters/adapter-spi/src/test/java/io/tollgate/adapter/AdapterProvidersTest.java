package io.tollgate.adapter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AdapterProvidersTest {
    /** A traffic provider with one key; its router is never used here. */
    record Lines() implements AdapterProvider {
        @Override
        public String type() {
            return "lines";
        }

        @Override
        public ConfiguredAdapter configure(AdapterSection section) {
            section.only("route");
            String route = section.text("route");
            return new TrafficAdapter() {
                @Override
                public TrafficRouter create() {
                    throw new UnsupportedOperationException(route);
                }

                @Override
                public CanaryQueries queries() {
                    return (t, side) -> Optional.of(new CanaryQueries.SideCounters(
                            "requests_total{route=" + PromQl.quote(t.route()) + ",dest=" + PromQl.quote(t.destination(side)) + "}",
                            "errors_total{route=" + PromQl.quote(t.route()) + "}"));
                }
            };
        }
    }

    private final AdapterProviders providers = new AdapterProviders(List.of(new Lines()));

    @Test
    void binds_named_instances_of_one_type() {
        var bound = providers.configure("adapters", Map.of(
                "east", Map.of("type", "lines", "route", "checkout"),
                "west", Map.of("type", "lines", "route", "checkout")));
        assertThat(bound).containsOnlyKeys("east", "west");
        assertThat(bound.get("east").type()).isEqualTo("lines");
        assertThat(bound.get("east").adapter()).isInstanceOf(TrafficAdapter.class);
        var q = ((TrafficAdapter) bound.get("west").adapter()).queries()
                .counters(new TrafficTarget("c\"o", "v1", "v2"), Side.CANARY).orElseThrow();
        assertThat(q.requests()).isEqualTo("requests_total{route=\"c\\\"o\",dest=\"v2\"}");
    }

    @Test
    void an_instance_named_like_a_type_needs_no_type_key() {
        var bound = providers.configure("adapters", Map.of("lines", Map.of("route", "r")));
        assertThat(bound.get("lines").type()).isEqualTo("lines");
    }

    @Test
    void unknown_or_missing_types_fail_with_the_registered_ones() {
        assertThatThrownBy(() -> providers.configure("adapters", Map.of("edge", Map.of("type", "nginx"))))
                .isInstanceOf(AdapterConfigException.class)
                .hasMessage("adapters.edge.type: unknown adapter type \"nginx\"; registered: lines");
        assertThatThrownBy(() -> providers.configure("adapters", Map.of("edge", Map.of("route", "r"))))
                .hasMessage("adapters.edge.type: required: one of lines");
        assertThatThrownBy(() -> providers.configure("adapters", Map.of("edge", "x")))
                .hasMessageStartingWith("adapters.edge: expected a mapping of keys");
        assertThatThrownBy(() -> providers.configure("adapters", Map.of("edge", Map.of("type", "lines"))))
                .hasMessage("adapters.edge.route: required");
        assertThatThrownBy(() -> providers.configure("adapters", Map.of("bad name", Map.of("type", "lines"))))
                .hasMessageStartingWith("adapters.bad name: an adapter name is");
    }

    @Test
    void two_providers_of_one_type_fail() {
        assertThatThrownBy(() -> new AdapterProviders(List.of(new Lines(), new Lines())))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("two adapter providers for type \"lines\"");
    }
}
