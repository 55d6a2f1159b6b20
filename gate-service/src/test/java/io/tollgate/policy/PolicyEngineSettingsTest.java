package io.tollgate.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class PolicyEngineSettingsTest {
    private static final Duration T = Duration.ofMillis(200);

    @Test
    void rejects_an_unknown_engine_kind_naming_it() {
        assertThatThrownBy(() -> new PolicyEngineSettings("foo", null, null, T, 4))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("policy.engine: must be one of embedded, opa-server, got \"foo\"");
    }

    @Test
    void requires_an_opa_url_for_the_opa_server_engine() {
        assertThatThrownBy(() -> new PolicyEngineSettings("opa-server", null, null, T, 4))
                .hasMessage("policy.opa-url: required when policy.engine is opa-server");
        assertThatThrownBy(() -> new PolicyEngineSettings("opa-server", null, URI.create("ftp://x"), T, 4))
                .hasMessageStartingWith("policy.opa-url: must be an absolute http(s) URL");
    }

    @Test
    void rejects_bad_timeouts_and_pool_sizes() {
        assertThatThrownBy(() -> new PolicyEngineSettings("embedded", null, null, Duration.ZERO, 4))
                .hasMessage("policy.timeout: must be between 1 ms and 60 s, got PT0S");
        assertThatThrownBy(() -> new PolicyEngineSettings("embedded", null, null, T, 0))
                .hasMessage("policy.pool-size: must be between 1 and 256, got 0");
    }

    @Test
    void builds_the_embedded_engine_from_the_classpath_bundle() {
        try (var engine = PolicyEngines.create(PolicyEngineSettings.embeddedDefaults())) {
            assertThat(engine).isInstanceOf(WasmPolicyEngine.class);
            assertThat(engine.kind()).isEqualTo("embedded");
        }
    }

    @Test
    void builds_the_embedded_engine_from_a_bundle_file() {
        var settings = new PolicyEngineSettings("embedded", PolicyFixtures.fixtureBundle(), null, T, 1);
        try (var engine = PolicyEngines.create(settings)) {
            assertThat(engine.evaluate(PolicyFixtures.anInput().build())).isInstanceOf(PolicyResult.Evaluated.class);
        }
    }

    @Test
    void fails_fast_on_a_missing_bundle_file() {
        var settings = new PolicyEngineSettings("embedded", Path.of("/nonexistent/bundle.tar.gz"), null, T, 1);
        assertThatThrownBy(() -> PolicyEngines.create(settings))
                .isInstanceOf(PolicyBundleException.class)
                .hasMessageContaining("/nonexistent/bundle.tar.gz");
    }

    @Test
    void builds_the_opa_server_engine() {
        var settings = new PolicyEngineSettings("opa-server", null, URI.create("http://127.0.0.1:8181"), T, 1);
        try (var engine = PolicyEngines.create(settings)) {
            assertThat(engine).isInstanceOf(OpaServerPolicyEngine.class);
            assertThat(engine.kind()).isEqualTo("opa-server");
        }
    }
}
