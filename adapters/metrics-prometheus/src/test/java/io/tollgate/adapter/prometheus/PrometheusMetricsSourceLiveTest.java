package io.tollgate.adapter.prometheus;

import io.tollgate.testsupport.MutableClock;
import static org.assertj.core.api.Assertions.assertThat;

import io.tollgate.adapter.MetricResult;
import io.tollgate.testsupport.CounterTarget;
import io.tollgate.testsupport.PrometheusFixture;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Against one real Prometheus scraping a {@link CounterTarget} every second (one start for the class). */
@Tag("live")
class PrometheusMetricsSourceLiveTest {
    private static final String ERROR_RATIO = "sum(rate(http_requests_total{code=\"500\"}[10s]))"
            + " / sum(rate(http_requests_total[10s]))";
    private static CounterTarget target;
    private static PrometheusFixture prometheus;
    private static PrometheusMetricsSource uncached;

    @BeforeAll
    static void start() {
        target = CounterTarget.start("checkout", 200, 0.01);
        prometheus = PrometheusFixture.start(target.hostPort());
        Duration firstScrape = prometheus.awaitFirstScrape(target.hostPort(), Duration.ofSeconds(30));
        System.out.println("first scrape after ready: " + firstScrape.toMillis() + " ms");
        uncached = new PrometheusMetricsSource(PrometheusConfig.defaults(prometheus.url()).withCacheFreshness(Duration.ZERO));
    }

    @AfterAll
    static void stop() {
        uncached.close();
        prometheus.close();
        target.close();
    }

    @Test
    void error_ratio_converges_to_the_set_ratio_and_follows_a_change() {
        double first = awaitSteady(0.01, Duration.ofSeconds(40));
        assertThat(first).isCloseTo(0.01, org.assertj.core.data.Offset.offset(0.0005));

        target.setErrorRatio(0.05);
        double second = awaitSteady(0.05, Duration.ofSeconds(30));
        assertThat(second).isCloseTo(0.05, org.assertj.core.data.Offset.offset(0.0025));
    }

    @Test
    void answers_no_data_for_a_metric_that_does_not_exist() {
        var result = uncached.queryScalar("sum(rate(no_such_metric_total[1m]))", null);

        assertThat(result).isInstanceOf(MetricResult.NoData.class);
    }

    @Test
    void answers_unavailable_with_prometheus_message_for_a_syntax_error() {
        var result = uncached.queryScalar("sum(rate(http_requests_total[1m])", null);

        assertThat(result).isInstanceOfSatisfying(MetricResult.Unavailable.class, u -> assertThat(u.detail())
                .contains(prometheus.url() + "/api/v1/query", "HTTP 400", "bad_data", "parse error"));
    }

    @Test
    void answers_unavailable_for_a_result_with_more_than_one_series() {
        var result = uncached.queryScalar("http_requests_total", null);

        assertThat(result).isInstanceOfSatisfying(MetricResult.Unavailable.class,
                u -> assertThat(u.detail()).startsWith("query returned 2 series; expected 1"));
    }

    @Test
    void answers_a_scalar_result_as_a_value() {
        var result = uncached.queryScalar("scalar(vector(2)) * 3", null);

        assertThat(result).isInstanceOfSatisfying(MetricResult.Value.class, v -> assertThat(v.value()).isEqualTo(6.0));
    }

    @Test
    void evaluates_at_the_requested_time() {
        Instant at = Instant.parse("2026-01-02T03:04:05.678Z");

        var result = uncached.queryScalar("time()", at);

        assertThat(result).isInstanceOfSatisfying(MetricResult.Value.class, v -> {
            assertThat(v.value()).isEqualTo(at.toEpochMilli() / 1000.0);
            assertThat(v.at()).isEqualTo(at);
        });
    }

    @Test
    void treats_zero_over_zero_as_no_data_and_division_by_zero_as_unavailable() {
        assertThat(uncached.queryScalar("vector(0) / vector(0)", null)).isInstanceOf(MetricResult.NoData.class);
        assertThat(uncached.queryScalar("vector(1) / vector(0)", null))
                .isInstanceOfSatisfying(MetricResult.Unavailable.class, u -> assertThat(u.detail()).contains("+Inf"));
    }

    @Test
    void serves_the_same_query_from_cache_within_freshness_and_requeries_after() {
        var clock = new MutableClock(Instant.now());
        var config = PrometheusConfig.defaults(prometheus.url()).withCacheFreshness(Duration.ofSeconds(5));
        try (var cached = new PrometheusMetricsSource(config, clock)) {
            Instant at = null; // "latest": the first scrape may be younger than any fixed past instant
            double before = servedQueries();

            var first = cached.queryScalar("sum(http_requests_total)", at);
            clock.advance(Duration.ofMillis(4900));
            var second = cached.queryScalar("sum(http_requests_total)", at);

            assertThat(first).isInstanceOf(MetricResult.Value.class).isEqualTo(second);
            assertThat(awaitServedQueries(before + 1)).isEqualTo(before + 1);

            clock.advance(Duration.ofMillis(100));
            cached.queryScalar("sum(http_requests_total)", at);
            assertThat(awaitServedQueries(before + 2)).isEqualTo(before + 2);
        }
    }

    @Test
    void reports_no_health_problem_when_prometheus_is_ready() {
        assertThat(uncached.healthProblem()).isNull();
    }

    /** Polls the ratio until three reads in a row are within 5% of {@code expected}; returns the last. */
    private static double awaitSteady(double expected, Duration deadline) {
        long end = System.nanoTime() + deadline.toNanos();
        List<MetricResult> seen = new ArrayList<>();
        int inBand = 0;
        while (System.nanoTime() < end) {
            MetricResult r = uncached.queryScalar(ERROR_RATIO, null);
            seen.add(r);
            if (r instanceof MetricResult.Value v && Math.abs(v.value() - expected) <= expected * 0.05) {
                if (++inBand == 3) {
                    return v.value();
                }
            } else {
                inBand = 0;
            }
            sleep(500);
        }
        throw new AssertionError("ratio did not settle at " + expected + " within " + deadline + "; last answers: "
                + seen.subList(Math.max(0, seen.size() - 5), seen.size()));
    }

    private static double servedQueries() {
        return prometheus.servedRequests("/api/v1/query");
    }

    /** Prometheus counts a request just after answering it: wait briefly for the count to reach {@code expected}. */
    private static double awaitServedQueries(double expected) {
        long end = System.nanoTime() + Duration.ofSeconds(2).toNanos();
        double count = servedQueries();
        while (count < expected && System.nanoTime() < end) {
            sleep(20);
            count = servedQueries();
        }
        sleep(200);
        return servedQueries();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
