package io.tollgate.adapter.prometheus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import io.tollgate.adapter.MetricResult;
import io.tollgate.testsupport.Backfill;
import io.tollgate.testsupport.CounterTarget;
import io.tollgate.testsupport.PrometheusFixture;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Prometheus started on two days of backfilled history answers long-window SLI queries at once. */
@Tag("live")
class PrometheusBackfillTest {
    private static final String DAY_RATIO = "sum(increase(http_requests_total{service=\"checkout\",code=\"500\"}[1d]))"
            + " / sum(increase(http_requests_total{service=\"checkout\"}[1d]))";
    private static Instant historyEnd;
    private static CounterTarget live;
    private static PrometheusFixture prometheus;
    private static PrometheusMetricsSource source;

    @BeforeAll
    static void start() {
        historyEnd = Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(Duration.ofMinutes(1));
        long t0 = System.nanoTime();
        var tsdb = Backfill.steadyHttpTraffic("checkout", historyEnd, Duration.ofDays(2), Duration.ofMinutes(1), 10, 0.01);
        long t1 = System.nanoTime();
        live = CounterTarget.start("live", 100, 0.02);
        prometheus = PrometheusFixture.builder().storageFrom(tsdb).scrapeTargets(live.hostPort()).start();
        long t2 = System.nanoTime();
        System.out.printf("backfill %d ms, start on it %d ms%n", (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000);
        source = new PrometheusMetricsSource(PrometheusConfig.defaults(prometheus.url()));
    }

    @AfterAll
    static void stop() {
        source.close();
        prometheus.close();
        live.close();
    }

    @Test
    void answers_the_one_day_error_ratio_right_after_start() {
        var result = source.queryScalar(DAY_RATIO, null);

        assertThat(result).isInstanceOfSatisfying(MetricResult.Value.class,
                v -> assertThat(v.value()).isCloseTo(0.01, offset(0.0001)));
    }

    @Test
    void keeps_the_oldest_backfilled_sample() {
        Instant oldest = historyEnd.minus(Duration.ofDays(2));

        var result = source.queryScalar("sum(http_requests_total{service=\"checkout\"})", oldest.plusSeconds(30));

        assertThat(result).isInstanceOfSatisfying(MetricResult.Value.class, v -> assertThat(v.value()).isZero());
    }

    @Test
    void answers_the_ratio_one_day_ago_from_history() {
        var result = source.queryScalar(DAY_RATIO, historyEnd.minus(Duration.ofHours(12)));

        assertThat(result).isInstanceOfSatisfying(MetricResult.Value.class,
                v -> assertThat(v.value()).isCloseTo(0.01, offset(0.0001)));
    }

    @Test
    void stores_live_scrapes_after_the_backfilled_history() {
        prometheus.awaitFirstScrape(live.hostPort(), Duration.ofSeconds(30));

        var result = source.queryScalar("sum(http_requests_total{service=\"live\"})", null);

        assertThat(result).isInstanceOfSatisfying(MetricResult.Value.class, v -> assertThat(v.value()).isPositive());
        assertThat(source.queryScalar(DAY_RATIO, null)).isInstanceOfSatisfying(MetricResult.Value.class,
                v -> assertThat(v.value()).isCloseTo(0.01, offset(0.0001)));
    }

    @Test
    void has_no_data_before_the_history_starts() {
        var result = source.queryScalar("sum(http_requests_total{service=\"checkout\"})",
                historyEnd.minus(Duration.ofDays(3)));

        assertThat(result).isInstanceOf(MetricResult.NoData.class);
    }
}
