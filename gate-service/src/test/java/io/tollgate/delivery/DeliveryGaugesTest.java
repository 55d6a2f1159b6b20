package io.tollgate.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.tollgate.testsupport.MutableClock;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** The gauges: no sample where there is no data or no database, and one computation per refresh for all of them. */
class DeliveryGaugesTest {
    private static final Instant NOW = Instant.parse("2026-11-24T10:00:00Z");
    private final PrometheusRegistry registry = new PrometheusRegistry();

    /** search in production: two promotions, no failure (so no recovery time). */
    private static List<DeliveryMetrics> searchOnly() {
        var r1 = new DeliveryRecord(java.util.UUID.randomUUID(), "search", "production", NOW.minusSeconds(7200), NOW.minusSeconds(9000),
                false, NOW.minusSeconds(7000), NOW.minusSeconds(3600), null, null);
        return List.of(DeliveryCalculator.compute("search", "production", List.of(r1), NOW.minus(Duration.ofDays(30)), NOW));
    }

    @Test
    void metrics_without_data_have_no_sample_and_a_failing_database_leaves_every_gauge_empty_until_it_answers() throws IOException {
        var clock = new MutableClock(NOW);
        var fail = new AtomicReference<Boolean>(false);
        var calls = new AtomicInteger();
        Supplier<List<DeliveryMetrics>> source = () -> {
            calls.incrementAndGet();
            if (fail.get()) {
                throw new IllegalStateException("database down");
            }
            return searchOnly();
        };
        new DeliveryGauges(registry, source, clock, Duration.ofSeconds(10));

        String text = scrape();
        assertThat(text).contains("tollgate_delivery_deployments{environment=\"production\",service=\"search\",window=\"30d\"} 1.0")
                .contains("tollgate_delivery_change_fail_ratio{environment=\"production\",service=\"search\",window=\"30d\"} 0.0")
                .contains("tollgate_delivery_lead_time_seconds{environment=\"production\",quantile=\"0.5\",service=\"search\",window=\"30d\"} 5400.0")
                .doesNotContain("tollgate_delivery_recovery_time_seconds{");
        assertThat(calls).hasValue(1); // six gauges, one computation

        fail.set(true);
        clock.advance(Duration.ofSeconds(11));
        assertThat(scrape()).doesNotContain("tollgate_delivery_deployments{");

        fail.set(false);
        assertThat(scrape()).contains("tollgate_delivery_deployments{environment=\"production\",service=\"search\"");
    }

    private String scrape() throws IOException {
        var out = new ByteArrayOutputStream();
        PrometheusTextFormatWriter.create().write(out, registry.scrape());
        return out.toString(StandardCharsets.UTF_8);
    }
}
