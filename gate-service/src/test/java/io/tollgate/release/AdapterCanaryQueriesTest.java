package io.tollgate.release;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tollgate.adapter.CanaryQueries;
import io.tollgate.adapter.SeriesResult;
import io.tollgate.adapter.Side;
import io.tollgate.adapter.TrafficTarget;
import io.tollgate.analysis.source.CounterQueries;
import io.tollgate.analysis.source.CounterReader;
import io.tollgate.analysis.source.CounterSnapshot;
import io.tollgate.json.Json;
import io.tollgate.support.HaproxyCanary;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The release's analysis and canary numbers come from its traffic adapter's queries; the core names no provider. */
class AdapterCanaryQueriesTest {
    private static final ReleaseSpec SPEC = new ReleaseSpec("checkout", "1.5.0", "production",
            new ReleaseSpec.Change("c", "p", "dana", List.of("lee")), null,
            List.of(new ReleaseSpec.Stage("canary-1", 1, 1, 60_000), new ReleaseSpec.Stage("full", 100, 100, 0)),
            new ReleaseSpec.Flag("flags", "checkout-v150", "production"), new ReleaseSpec.Traffic("edge", "checkout", "v149", "v150"), false);

    /** A data plane like Istio's: counters by workload, latency in milliseconds. */
    private static final CanaryQueries MESH = new CanaryQueries() {
        @Override
        public Optional<SideCounters> counters(TrafficTarget t, Side side) {
            String sel = "mesh_requests_total{route=\"" + t.route() + "\",workload=\"" + t.destination(side) + "\"";
            return Optional.of(new SideCounters(sel + "}", sel + ",code=~\"5..\"}"));
        }

        @Override
        public Optional<BucketCounters> latency(TrafficTarget t, Side side, double seconds) {
            String sel = "{workload=\"" + t.destination(side) + "\"";
            return Optional.of(new BucketCounters("mesh_duration_ms_count" + sel + "}",
                    "mesh_duration_ms_bucket" + sel + ",le=\"" + Math.round(seconds * 1000) + "\"}"));
        }
    };

    private static AnalysisSpec analysis(Map<String, Object> latency) {
        return AnalysisRules.parse(Map.of("latency", latency));
    }

    @Test
    void errors_come_from_the_traffic_adapters_counters_of_both_destinations() {
        var errors = AnalysisSpec.defaults().queries(SPEC, HaproxyCanary.queries()).getFirst();

        assertThat(errors.metric().name()).isEqualTo("errors");
        assertThat(errors.baselineRequests()).isEqualTo("haproxy_server_http_responses_total{proxy=\"checkout\",server=\"v149\"}");
        assertThat(errors.canaryBad()).isEqualTo("haproxy_server_http_responses_total{proxy=\"checkout\",server=\"v150\",code=\"5xx\"}");
        assertThat(errors.badIsComplement()).isFalse();
    }

    @Test
    void latency_without_an_application_histogram_is_the_adapters_histogram() {
        var spec = analysis(Map.of("bucketsSeconds", List.of("0.5")));

        var queries = spec.queries(SPEC, MESH);

        assertThat(queries).extracting(q -> q.metric().name()).containsExactly("errors", "slower_than_0.5s");
        assertThat(spec.metrics(SPEC)).isEqualTo(queries.stream().map(CounterQueries::metric).toList());
        var latency = queries.get(1);
        assertThat(latency.canaryRequests()).isEqualTo("mesh_duration_ms_count{workload=\"v150\"}");
        assertThat(latency.baselineBad()).isEqualTo("mesh_duration_ms_bucket{workload=\"v149\",le=\"500\"}");
        assertThat(latency.badIsComplement()).isTrue();
    }

    @Test
    void an_adapter_without_the_numbers_makes_the_metric_unavailable_naming_it_and_queries_nothing() {
        var spec = analysis(Map.of("bucketsSeconds", List.of("0.5")));
        var asked = new ArrayList<String>();

        var haproxy = spec.queries(SPEC, HaproxyCanary.queries());
        var none = spec.queries(SPEC, CanaryQueries.NONE);
        var reading = new CounterReader((query, at) -> {
            asked.add(query);
            return new SeriesResult.Samples(query, List.of(), null);
        }, List.of(haproxy.get(1), none.getFirst())).read(CounterSnapshot.EMPTY, null);

        assertThat(reading.unavailable()).containsEntry("slower_than_0.5s",
                        "metrics unavailable: traffic adapter \"edge\" reports no latency histogram with a bucket at 0.5s")
                .containsEntry("errors", "metrics unavailable: traffic adapter \"edge\" reports no request counters");
        assertThat(asked).isEmpty();
    }

    @Test
    void application_labels_need_the_application_histogram() {
        assertThatThrownBy(() -> analysis(Map.of("versionLabel", "version", "bucketsSeconds", List.of("0.5"))))
                .isInstanceOf(StageRules.StageProblem.class)
                .satisfies(e -> assertThat(((StageRules.StageProblem) e).field()).isEqualTo("analysis.latency.versionLabel"));
        assertThatThrownBy(() -> analysis(Map.of("histogram", "http_server_requests_seconds", "bucketsSeconds", List.of("0.5"))))
                .satisfies(e -> assertThat(((StageRules.StageProblem) e).field()).isEqualTo("analysis.latency.versionLabel"));
    }

    @Test
    void a_spec_stored_before_the_rename_still_loads_its_backend_as_the_route() throws Exception {
        var stored = Json.mapper().valueToTree(SPEC);
        var traffic = (com.fasterxml.jackson.databind.node.ObjectNode) stored.get("traffic");
        traffic.set("backend", traffic.remove("route"));

        var loaded = Json.mapper().treeToValue(stored, ReleaseSpec.class);

        assertThat(loaded.traffic().target()).isEqualTo(new TrafficTarget("checkout", "v149", "v150"));
        assertThat(loaded).isEqualTo(SPEC);
    }
}
