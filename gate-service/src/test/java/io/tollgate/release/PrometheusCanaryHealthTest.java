package io.tollgate.release;

import static org.assertj.core.api.Assertions.assertThat;

import io.tollgate.adapter.CanaryQueries;
import io.tollgate.adapter.MetricResult;
import io.tollgate.adapter.MetricsSource;
import io.tollgate.support.HaproxyCanary;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class PrometheusCanaryHealthTest {
    private static final Instant NOW = Instant.parse("2026-11-24T10:05:00Z");

    /** Answers fixed values per query prefix and records every query. */
    static final class FakeMetricsSource implements MetricsSource {
        final List<String> queries = new ArrayList<>();
        final Map<String, MetricResult> answers;

        FakeMetricsSource(Map<String, MetricResult> answers) {
            this.answers = answers;
        }

        @Override
        public String type() {
            return "fake";
        }

        @Override
        public MetricResult queryScalar(String query, Instant at) {
            queries.add(query);
            return answers.entrySet().stream().filter(e -> query.contains(e.getKey())).map(Map.Entry::getValue).findFirst()
                    .orElse(new MetricResult.NoData(query, at));
        }

        @Override
        public String healthProblem() {
            return null;
        }
    }

    private static Release baking() {
        var spec = new ReleaseSpec("checkout", "1.5.0", "production", new ReleaseSpec.Change("c", "p", "dana", List.of("lee")), null,
                List.of(new ReleaseSpec.Stage("canary-1", 1, 1, 60_000), new ReleaseSpec.Stage("full", 100, 100, 0)),
                new ReleaseSpec.Flag("unleash", "checkout-v150", "production"), new ReleaseSpec.Traffic("haproxy", "checkout", "v149", "v150"), false);
        var d = Release.pending(UUID.randomUUID(), spec, "ci", NOW).draft();
        d.bakeStartedAt = NOW.minusSeconds(120);
        return d.build();
    }

    @Test
    void counts_the_canary_servers_requests_and_5xx_since_the_bake_started() {
        var source = new FakeMetricsSource(Map.of(
                "code=\"5xx\"", new MetricResult.Value("e", 40, NOW),
                "server=\"v150\"}", new MetricResult.Value("r", 100, NOW)));

        var reading = health(source).read(baking());

        assertThat(reading).isInstanceOf(CanaryHealth.Counts.class);
        var counts = (CanaryHealth.Counts) reading;
        assertThat(counts.requests()).isEqualTo(100);
        assertThat(counts.errors()).isEqualTo(40);
        assertThat(source.queries).allSatisfy(q -> assertThat(q).contains("proxy=\"checkout\"").contains("server=\"v150\"").contains("[120s]"));
        assertThat(source.queries).containsExactly(
                "sum(increase(haproxy_server_http_responses_total{proxy=\"checkout\",server=\"v150\"}[120s]))",
                "sum(increase(haproxy_server_http_responses_total{proxy=\"checkout\",server=\"v150\",code=\"5xx\"}[120s])) or vector(0)");
    }

    @Test
    void an_unreachable_backend_is_unavailable_never_a_failure() {
        var source = new FakeMetricsSource(Map.of("haproxy", new MetricResult.Unavailable("q", "connection refused")));

        var reading = health(source).read(baking());

        assertThat(reading).isInstanceOf(CanaryHealth.Unavailable.class);
        assertThat(((CanaryHealth.Unavailable) reading).reason()).contains("connection refused");
    }

    @Test
    void a_traffic_adapter_without_counters_is_unavailable_naming_it() {
        var source = new FakeMetricsSource(Map.of());

        var reading = new PrometheusCanaryHealth(source, name -> CanaryQueries.NONE, Clock.fixed(NOW, ZoneOffset.UTC)).read(baking());

        assertThat(reading).isEqualTo(new CanaryHealth.Unavailable("traffic adapter \"haproxy\" reports no request counters"));
        assertThat(source.queries).isEmpty();
    }

    /** Canary health over the HAProxy adapter's queries, the instance named {@code haproxy}. */
    private static PrometheusCanaryHealth health(FakeMetricsSource source) {
        var queries = HaproxyCanary.queries();
        return new PrometheusCanaryHealth(source, name -> name.equals("haproxy") ? queries : CanaryQueries.NONE,
                Clock.fixed(NOW, ZoneOffset.UTC));
    }
}
