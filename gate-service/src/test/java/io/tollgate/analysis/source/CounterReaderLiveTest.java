package io.tollgate.analysis.source;

import io.tollgate.testsupport.Eventually;
import static org.assertj.core.api.Assertions.assertThat;

import io.tollgate.adapter.prometheus.PrometheusConfig;
import io.tollgate.adapter.prometheus.PrometheusMetricsSource;
import io.tollgate.adapter.TrafficTarget;
import io.tollgate.analysis.Look;
import io.tollgate.support.HaproxyCanary;
import io.tollgate.testsupport.PrometheusFixture;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Counter deltas read from a real Prometheus scraping a target whose counters the test sets: HAProxy's response
 * counters per server and status class, an application latency histogram by version, and counter resets.
 */
@Tag("live")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CounterReaderLiveTest {
    private static final String[] CODES = {"1xx", "2xx", "3xx", "4xx", "5xx", "other"};
    /** The HAProxy adapter's error counters of servers v149 (baseline) and v150 (canary) of backend checkout. */
    private static final CounterQueries HAPROXY_ERRORS = CounterQueries.errors(HaproxyCanary.queries(), "haproxy",
            new TrafficTarget("checkout", "v149", "v150"));
    private SettableTarget target;
    private PrometheusFixture prometheus;
    private PrometheusMetricsSource source;

    @BeforeAll
    void start() {
        target = new SettableTarget();
        haproxy("v149", 0, 1000, 10);
        haproxy("v150", 0, 100, 1);
        histogram("1.4.9", 1000, 900);
        histogram("1.5.0", 100, 90);
        prometheus = PrometheusFixture.start(target.hostPort());
        prometheus.awaitFirstScrape(target.hostPort(), Duration.ofSeconds(30));
        source = new PrometheusMetricsSource(PrometheusConfig.defaults(URI.create(prometheus.url().toString())).withCacheFreshness(Duration.ZERO));
    }

    @AfterAll
    void stop() {
        if (source != null) {
            source.close();
        }
        if (prometheus != null) {
            prometheus.close();
        }
        if (target != null) {
            target.close();
        }
    }

    @Test
    void deltas_per_look_from_haproxy_counters_and_histograms_survive_a_counter_reset() {
        var reader = new CounterReader(source, List.of(
                HAPROXY_ERRORS,
                CounterQueries.histogram("http_server_requests_seconds", "service=\"checkout\"", "version", "1.4.9", "1.5.0", "0.5")));
        var first = reader.read(CounterSnapshot.EMPTY, null);
        assertThat(first.counts()).isEmpty();
        assertThat(first.unavailable()).containsKeys("errors", "slower_than_0.5s");

        haproxy("v149", 1, 1990, 20);      // +990 2xx, +10 5xx, +1 1xx
        haproxy("v150", 0, 195, 6);        // +95 2xx, +5 5xx
        histogram("1.4.9", 2000, 1880);    // +1000 requests, 980 within 0.5 s: 20 slow
        histogram("1.5.0", 200, 170);      // +100, 80 within: 20 slow
        awaitScraped("haproxy_server_http_responses_total{server=\"v150\",code=\"5xx\"}", 6);
        awaitScraped("http_server_requests_seconds_count{version=\"1.5.0\"}", 200);
        var second = reader.read(first.snapshot(), null);

        assertThat(second.unavailable()).isEmpty();
        assertThat(second.counts()).containsEntry("errors", Look.of(1001, 10, 100, 5))
                .containsEntry("slower_than_0.5s", Look.of(1000, 20, 100, 20));

        // The canary restarts: its counters start again from zero.
        haproxy("v150", 0, 40, 2);
        histogram("1.5.0", 42, 40);
        awaitScraped("haproxy_server_http_responses_total{server=\"v150\",code=\"2xx\"}", 40);
        awaitScraped("http_server_requests_seconds_count{version=\"1.5.0\"}", 42);
        var third = reader.read(second.snapshot(), null);

        assertThat(third.counts()).containsEntry("errors", Look.of(0, 0, 42, 2))
                .containsEntry("slower_than_0.5s", Look.of(0, 0, 42, 2));
    }

    @Test
    void an_unreachable_prometheus_makes_the_look_unavailable_and_keeps_the_starting_point() {
        var queries = List.of(HAPROXY_ERRORS);
        var start = new CounterReader(source, queries).read(CounterSnapshot.EMPTY, null).snapshot();
        try (var down = new PrometheusMetricsSource(PrometheusConfig.defaults(URI.create("http://127.0.0.1:9"))
                .withQueryTimeout(Duration.ofMillis(500)))) {
            var reading = new CounterReader(down, queries).read(start, null);

            assertThat(reading.counts()).isEmpty();
            assertThat(reading.unavailable().get("errors")).contains("connection refused");
            assertThat(reading.snapshot()).isEqualTo(start);
        }
    }

    private void haproxy(String server, long informational, long ok, long errors) {
        for (String code : CODES) {
            long value = switch (code) {
                case "1xx" -> informational;
                case "2xx" -> ok;
                case "5xx" -> errors;
                default -> 0;
            };
            target.set("haproxy_server_http_responses_total{proxy=\"checkout\",server=\"" + server + "\",code=\"" + code + "\"}", value);
        }
    }

    private void histogram(String version, long count, long withinHalfSecond) {
        String labels = "service=\"checkout\",version=\"" + version + "\"";
        target.set("http_server_requests_seconds_count{" + labels + "}", count);
        target.set("http_server_requests_seconds_bucket{" + labels + ",le=\"0.5\"}", withinHalfSecond);
        target.set("http_server_requests_seconds_bucket{" + labels + ",le=\"+Inf\"}", count);
    }

    /** Waits (10 s at most) until Prometheus has scraped {@code value} for {@code series}. */
    private void awaitScraped(String series, double value) {
        Eventually.await("Prometheus to scrape " + series + " = " + value, Duration.ofSeconds(10), Duration.ofMillis(100),
                () -> prometheus.queryValue(series), now -> now.isPresent() && now.getAsDouble() == value);
    }
}
