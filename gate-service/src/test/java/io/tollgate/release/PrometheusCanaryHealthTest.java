package io.tollgate.release;

import static org.assertj.core.api.Assertions.assertThat;

import io.tollgate.adapter.MetricResult;
import io.tollgate.adapter.MetricsSource;
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

        var reading = new PrometheusCanaryHealth(source, PrometheusCanaryHealth.HAPROXY_REQUESTS, PrometheusCanaryHealth.HAPROXY_ERRORS,
                Clock.fixed(NOW, ZoneOffset.UTC)).read(baking());

        assertThat(reading).isInstanceOf(CanaryHealth.Counts.class);
        var counts = (CanaryHealth.Counts) reading;
        assertThat(counts.requests()).isEqualTo(100);
        assertThat(counts.errors()).isEqualTo(40);
        assertThat(source.queries).allSatisfy(q -> assertThat(q).contains("proxy=\"checkout\"").contains("server=\"v150\"").contains("[120s]"));
    }

    @Test
    void an_unreachable_backend_is_unavailable_never_a_failure() {
        var source = new FakeMetricsSource(Map.of("haproxy", new MetricResult.Unavailable("q", "connection refused")));

        var reading = new PrometheusCanaryHealth(source, PrometheusCanaryHealth.HAPROXY_REQUESTS, PrometheusCanaryHealth.HAPROXY_ERRORS,
                Clock.fixed(NOW, ZoneOffset.UTC)).read(baking());

        assertThat(reading).isInstanceOf(CanaryHealth.Unavailable.class);
        assertThat(((CanaryHealth.Unavailable) reading).reason()).contains("connection refused");
    }
}
