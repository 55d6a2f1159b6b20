package io.tollgate.adapter.prometheus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class PrometheusConfigTest {
    private static final URI URL = URI.create("http://127.0.0.1:9090");

    @Test
    void rejects_bad_fields_naming_the_field() {
        assertThatThrownBy(() -> new PrometheusConfig(null, Duration.ofSeconds(1), Duration.ZERO, 1))
                .hasMessageContaining("baseUrl");
        assertThatThrownBy(() -> PrometheusConfig.defaults(URI.create("ftp://x/")))
                .hasMessageContaining("baseUrl must be an http or https URL");
        assertThatThrownBy(() -> PrometheusConfig.defaults(URI.create("http://x:9090/?a=b")))
                .hasMessageContaining("baseUrl must not have a query");
        assertThatThrownBy(() -> PrometheusConfig.defaults(URL).withQueryTimeout(Duration.ZERO))
                .hasMessageContaining("queryTimeout");
        assertThatThrownBy(() -> PrometheusConfig.defaults(URL).withCacheFreshness(Duration.ofSeconds(-1)))
                .hasMessageContaining("cacheFreshness");
        assertThatThrownBy(() -> new PrometheusConfig(URL, Duration.ofSeconds(1), Duration.ZERO, 0))
                .hasMessageContaining("maxCacheEntries");
    }

    @Test
    void drops_a_trailing_slash_and_keeps_a_path_prefix() {
        assertThat(PrometheusConfig.defaults(URI.create("http://h:9090/prom/")).baseUrl())
                .isEqualTo(URI.create("http://h:9090/prom"));
    }
}
