package io.tollgate.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** {@code policy.*}: one set of limits, every message naming the YAML key. */
class PolicyConfigTest {
    private static final Duration T = Duration.ofMillis(200);

    @Test
    void defaults_to_the_embedded_engine_on_the_built_in_bundle() {
        var c = PolicyConfig.embeddedDefaults();

        assertThat(c.engine()).isEqualTo("embedded");
        assertThat(c.bundle()).isNull();
        assertThat(c.timeout()).isEqualTo(Duration.ofMillis(500));
        assertThat(c.poolSize()).isBetween(2, 64);
        assertThat(c.opaUrl()).isEqualTo(URI.create("http://127.0.0.1:8181"));
    }

    @Test
    void rejects_an_unknown_engine_naming_it() {
        assertThatThrownBy(() -> new PolicyConfig("foo", null, null, T, 4))
                .isInstanceOf(ConfigException.class)
                .hasMessage("policy.engine: must be one of embedded, opa-server, got \"foo\"");
    }

    @Test
    void the_opa_url_must_be_an_absolute_http_url() {
        assertThatThrownBy(() -> new PolicyConfig("opa-server", null, URI.create("ftp://x"), T, 4))
                .hasMessage("policy.opaUrl: must be an absolute http(s) URL such as http://127.0.0.1:8181, got \"ftp://x\"");
        assertThatThrownBy(() -> new PolicyConfig("opa-server", null, URI.create("localhost:8181"), T, 4))
                .hasMessageStartingWith("policy.opaUrl: must be an absolute http(s) URL");
        assertThatThrownBy(() -> new PolicyConfig("opa-server", null, URI.create("http:///v1"), T, 4))
                .hasMessageStartingWith("policy.opaUrl: must be an absolute http(s) URL");
    }

    @Test
    void rejects_timeouts_and_pool_sizes_out_of_range() {
        assertThatThrownBy(() -> new PolicyConfig("embedded", null, null, Duration.ZERO, 4))
                .hasMessage("policy.timeout: must be between 1ms and 30s, got 0ms");
        assertThatThrownBy(() -> new PolicyConfig("embedded", null, null, Duration.ofSeconds(31), 4))
                .hasMessage("policy.timeout: must be between 1ms and 30s, got 31s");
        assertThatThrownBy(() -> new PolicyConfig("embedded", null, null, T, -1))
                .hasMessage("policy.poolSize: must be in 1..64, got -1");
        assertThatThrownBy(() -> new PolicyConfig("embedded", null, null, T, 65))
                .hasMessage("policy.poolSize: must be in 1..64, got 65");
    }
}
