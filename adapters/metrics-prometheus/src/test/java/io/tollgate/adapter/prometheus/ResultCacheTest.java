package io.tollgate.adapter.prometheus;

import io.tollgate.testsupport.MutableClock;
import static org.assertj.core.api.Assertions.assertThat;

import io.tollgate.adapter.MetricResult;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ResultCacheTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final ResultCache cache = new ResultCache(clock, Duration.ofSeconds(5), 2);
    private final Instant at = Instant.parse("2026-01-01T00:00:01Z");

    @Test
    void never_returns_an_answer_older_than_the_freshness_limit() {
        cache.put("q", at, new MetricResult.Value("q", 1, at));

        clock.advance(Duration.ofMillis(4999));
        assertThat(cache.get("q", at)).isNotNull();
        clock.advance(Duration.ofMillis(1));
        assertThat(cache.get("q", at)).isNull();
    }

    @Test
    void shares_an_answer_within_one_time_bucket_only() {
        cache.put("q", at, new MetricResult.Value("q", 1, at));

        assertThat(cache.get("q", at.plusSeconds(3))).isNotNull();
        assertThat(cache.get("q", at.plusSeconds(4))).isNull();
        assertThat(cache.get("q", null)).isNull();
    }

    @Test
    void keeps_at_most_max_entries_evicting_the_least_recently_used() {
        cache.put("a", at, new MetricResult.NoData("a", at));
        cache.put("b", at, new MetricResult.NoData("b", at));
        cache.get("a", at);
        cache.put("c", at, new MetricResult.NoData("c", at));

        assertThat(cache.size()).isEqualTo(2);
        assertThat(cache.get("a", at)).isNotNull();
        assertThat(cache.get("b", at)).isNull();
    }

    @Test
    void does_not_store_unavailable_answers() {
        cache.put("q", at, new MetricResult.Unavailable("q", "down"));

        assertThat(cache.get("q", at)).isNull();
    }
}
