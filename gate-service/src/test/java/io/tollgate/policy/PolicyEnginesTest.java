package io.tollgate.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tollgate.config.ConfigException;
import io.tollgate.config.PolicyConfig;
import io.tollgate.testsupport.OpaServerFixture;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link PolicyEngines#create} builds from the validated {@link PolicyConfig}; an unusable bundle is a {@code policy.bundle} error. */
class PolicyEnginesTest {
    private static final Duration T = Duration.ofMillis(200);

    @Test
    void builds_the_embedded_engine_from_the_classpath_bundle() {
        try (var engine = PolicyEngines.create(PolicyConfig.embeddedDefaults())) {
            assertThat(engine).isInstanceOf(WasmPolicyEngine.class);
            assertThat(engine.kind()).isEqualTo("embedded");
        }
    }

    @Test
    void builds_the_embedded_engine_from_a_bundle_file() {
        try (var engine = PolicyEngines.create(new PolicyConfig("embedded", PolicyFixtures.fixtureBundle(), null, T, 1))) {
            assertThat(engine.evaluate(PolicyFixtures.anInput().build())).isInstanceOf(PolicyResult.Evaluated.class);
        }
    }

    @Test
    void builds_the_opa_server_engine() {
        try (var engine = PolicyEngines.create(new PolicyConfig("opa-server", null, URI.create("http://127.0.0.1:8181"), T, 1))) {
            assertThat(engine).isInstanceOf(OpaServerPolicyEngine.class);
            assertThat(engine.kind()).isEqualTo("opa-server");
        }
    }

    @Test
    void a_missing_bundle_file_is_a_policy_bundle_error() {
        assertThatThrownBy(() -> PolicyEngines.create(new PolicyConfig("embedded", Path.of("/nonexistent/bundle.tar.gz"), null, T, 1)))
                .isInstanceOf(ConfigException.class)
                .hasMessage("policy.bundle: /nonexistent/bundle.tar.gz does not exist");
    }

    @Test
    void a_file_that_is_not_a_gzipped_tar_is_a_policy_bundle_error(@TempDir Path dir) throws IOException {
        Path notGzip = Files.writeString(dir.resolve("bundle.tar.gz"), "package tollgate\n");

        assertThatThrownBy(() -> PolicyEngines.create(new PolicyConfig("embedded", notGzip, null, T, 1)))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("policy.bundle: " + notGzip + " is not a valid .tar.gz OPA bundle")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    @Test
    void a_bundle_without_the_decision_entry_point_is_a_policy_bundle_error(@TempDir Path dir) {
        Path bundle = OpaServerFixture.buildWasm(PolicyFixtures.echoPolicies(), "tollgate", dir.resolve("bundle.tar.gz"));

        assertThatThrownBy(() -> PolicyEngines.create(new PolicyConfig("embedded", bundle, null, T, 1)))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("policy.bundle: " + bundle + " has no entry point tollgate/decision");
    }
}
