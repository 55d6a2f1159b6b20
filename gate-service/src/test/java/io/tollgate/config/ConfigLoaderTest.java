package io.tollgate.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tollgate.adapter.haproxy.HaproxyProvider;
import io.tollgate.adapter.unleash.UnleashProvider;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConfigLoaderTest {

    @Test
    void defaults_describe_the_embedded_development_setup() {
        var config = ConfigLoader.load(null, Map.of());

        assertThat(config.server().host()).isEqualTo("127.0.0.1");
        assertThat(config.server().port()).isEqualTo(8080);
        assertThat(config.server().maxBodyBytes()).isEqualTo(65536);
        assertThat(config.server().maxConnections()).as("derived from the descriptor limit at start").isZero();
        assertThat(config.database().embedded()).isTrue();
        assertThat(config.policy().engine()).isEqualTo("embedded");
        assertThat(config.policy().timeout()).isEqualTo(Duration.ofMillis(500));
        assertThat(config.auth().devToken()).isTrue();
        assertThat(config.tracing().otlpEndpoint()).isNull();
    }

    @Test
    void one_state_root_places_the_database_the_signing_key_and_the_checkpoints(@TempDir Path dir) throws IOException {
        var defaults = ConfigLoader.load(null, Map.of());
        assertThat(defaults.database().dataDir()).isEqualTo(Path.of(".data", "postgres"));
        assertThat(defaults.audit().signingKeyFile()).isEqualTo(Path.of(".data", "audit-signing.key"));
        assertThat(defaults.audit().checkpointFile()).isEqualTo(Path.of(".data", "audit-checkpoints.jsonl"));

        var moved = ConfigLoader.load(null, Map.of("TOLLGATE_DATA_DIR", dir.toString()));
        assertThat(moved.database().dataDir()).isEqualTo(dir.resolve("postgres"));
        assertThat(moved.audit().signingKeyFile()).isEqualTo(dir.resolve("audit-signing.key"));
        assertThat(moved.audit().checkpointFile()).isEqualTo(dir.resolve("audit-checkpoints.jsonl"));

        Path file = dir.resolve("tollgate.yaml");
        Files.writeString(file, """
                stateDir: /var/lib/tollgate
                audit:
                  checkpointFile: /mnt/witness/checkpoints.jsonl
                """);
        var oneMoved = ConfigLoader.load(file, Map.of());
        assertThat(oneMoved.database().dataDir()).isEqualTo(Path.of("/var/lib/tollgate/postgres"));
        assertThat(oneMoved.audit().signingKeyFile()).isEqualTo(Path.of("/var/lib/tollgate/audit-signing.key"));
        assertThat(oneMoved.audit().checkpointFile()).isEqualTo(Path.of("/mnt/witness/checkpoints.jsonl"));

        Files.writeString(file, "stateDir: [a, b]\n");
        assertThatThrownBy(() -> ConfigLoader.load(file, Map.of())).isInstanceOf(ConfigException.class).hasMessageContaining("stateDir");
    }

    @Test
    void file_values_override_defaults_and_environment_overrides_the_file(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("tollgate.yaml");
        Files.writeString(file, """
                server:
                  port: 9000
                policy:
                  engine: opa-server
                  timeout: 2s
                auth:
                  devToken: false
                  tokens:
                    - subject: ci
                      role: ci
                      sha256: %s
                """.formatted("a".repeat(64)));

        var config = ConfigLoader.load(file, Map.of(
                "TOLLGATE_HTTP_PORT", "9100",
                "TOLLGATE_OPA_URL", "http://127.0.0.1:8282",
                "TOLLGATE_DB_URL", "jdbc:postgresql://127.0.0.1:5432/tollgate"));

        assertThat(config.server().port()).isEqualTo(9100);
        assertThat(config.policy().engine()).isEqualTo("opa-server");
        assertThat(config.policy().timeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(config.policy().opaUrl()).isEqualTo(URI.create("http://127.0.0.1:8282"));
        assertThat(config.database().url()).isEqualTo("jdbc:postgresql://127.0.0.1:5432/tollgate");
        assertThat(config.auth().tokens()).hasSize(1);
    }

    @Test
    void the_database_roles_come_from_the_environment_and_privileged_logins_are_refused_by_default() {
        assertThat(ConfigLoader.load(null, Map.of()).database().allowPrivilegedUser()).isFalse();

        var database = ConfigLoader.load(null, Map.of("TOLLGATE_DB_URL", "jdbc:postgresql://127.0.0.1:5432/tollgate",
                "TOLLGATE_DB_MIGRATION_USER", "tollgate_owner", "TOLLGATE_DB_MIGRATION_PASSWORD", "pw",
                "TOLLGATE_DB_ALLOW_PRIVILEGED_USER", "true")).database();

        assertThat(database.migrationUser()).isEqualTo("tollgate_owner");
        assertThat(database.migrationPassword()).isEqualTo("pw");
        assertThat(database.allowPrivilegedUser()).isTrue();
        assertThat(database.statementTimeout()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void adapters_are_optional_and_configured_from_the_environment_with_defaults_filled_in() {
        assertThat(ConfigLoader.load(null, Map.of()).adapters()).isEqualTo(AdaptersConfig.none());

        var adapters = ConfigLoader.load(null, Map.of("TOLLGATE_UNLEASH_URL", "http://127.0.0.1:4242",
                "TOLLGATE_UNLEASH_TOKEN", "*:*.secret", "TOLLGATE_HAPROXY_HOST", "127.0.0.1",
                "TOLLGATE_HAPROXY_RUNTIME_PORT", "9999")).adapters();

        assertThat(adapters.instances()).containsOnlyKeys("unleash", "haproxy");
        var unleash = ((UnleashProvider.Instance) adapters.instances().get("unleash").adapter()).config();
        assertThat(unleash.adminUrl()).isEqualTo(URI.create("http://127.0.0.1:4242"));
        assertThat(unleash.callTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(unleash.project()).isEqualTo("default");
        var haproxy = ((HaproxyProvider.Instance) adapters.instances().get("haproxy").adapter()).config();
        assertThat(haproxy.runtimePort()).isEqualTo(9999);
        assertThat(haproxy.totalWeight()).isEqualTo(100);
    }

    @Test
    void adapters_are_named_instances_each_with_its_type_and_its_own_keys(@TempDir Path dir) throws IOException {
        var file = Files.writeString(dir.resolve("tollgate.yaml"), """
                adapters:
                  east: {type: haproxy, host: 10.0.0.1, runtimePort: 9001}
                  west: {type: haproxy, host: 10.0.0.2, runtimePort: 9002, totalWeight: 200}
                  flags: {type: unleash, adminUrl: "http://127.0.0.1:4242", adminToken: "*:*.t"}
                """);

        var adapters = ConfigLoader.load(file, Map.of()).adapters();

        assertThat(adapters.instances()).containsOnlyKeys("east", "west", "flags");
        assertThat(adapters.instances().get("west").type()).isEqualTo("haproxy");
        assertThat(((HaproxyProvider.Instance) adapters.instances().get("west").adapter()).config().totalWeight()).isEqualTo(200);
        assertThat(adapters.instances().get("flags").type()).isEqualTo("unleash");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            unknown type     | edge: {type: nginx}                                 | adapters.edge.type: unknown adapter type "nginx"; registered: 
            no type          | edge: {host: h}                                     | adapters.edge.type: required: one of 
            provider's key   | edge: {type: haproxy, host: h}                      | adapters.edge.runtimePort: required
            provider's range | edge: {type: haproxy, host: h, runtimePort: 70000}  | adapters.edge.runtimePort: must be in 1..65535, got 70000
            unknown key      | edge: {type: haproxy, host: h, runtimePort: 1, backend: b} | adapters.edge.backend: unknown key; known:
            not a mapping    | edge: haproxy                                       | adapters.edge: expected a mapping of keys
            """)
    void a_bad_adapter_section_is_one_line_naming_the_key(String name, String line, String expected, @TempDir Path dir)
            throws IOException {
        var file = Files.writeString(dir.resolve("tollgate.yaml"), "adapters:\n  " + line + "\n");
        assertThatThrownBy(() -> ConfigLoader.load(file, Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(expected)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    @Test
    void a_bad_adapter_setting_names_its_section() {
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("TOLLGATE_UNLEASH_URL", "ftp://unleash",
                "TOLLGATE_UNLEASH_TOKEN", "*:*.secret")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("adapters.unleash")
                .hasMessageContaining("adminUrl");
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("TOLLGATE_HAPROXY_HOST", "127.0.0.1")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("adapters.haproxy")
                .hasMessageContaining("runtimePort");
    }

    @Test
    void rejects_an_unknown_engine_naming_the_key() {
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("TOLLGATE_POLICY_ENGINE", "rego-in-java")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("policy.engine")
                .hasMessageContaining("rego-in-java");
    }

    @Test
    void rejects_unknown_keys_bad_types_and_bad_values_with_the_key_path(@TempDir Path dir) throws IOException {
        Path typo = dir.resolve("typo.yaml");
        Files.writeString(typo, "server:\n  prot: 9000\n");
        Path badType = dir.resolve("type.yaml");
        Files.writeString(badType, "server:\n  port: ninety\n");
        Path badToken = dir.resolve("token.yaml");
        Files.writeString(badToken, "auth:\n  tokens:\n    - subject: x\n      role: root\n      sha256: abc\n");

        assertThatThrownBy(() -> ConfigLoader.load(typo, Map.of())).hasMessageContaining("server.prot").hasMessageContaining("unknown key");
        assertThatThrownBy(() -> ConfigLoader.load(badType, Map.of())).hasMessageContaining("server.port");
        assertThatThrownBy(() -> ConfigLoader.load(badToken, Map.of())).hasMessageContaining("auth.tokens[0].role");
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("TOLLGATE_POLICY_TIMEOUT", "soon"))).hasMessageContaining("policy.timeout");
        assertThatThrownBy(() -> ConfigLoader.load(dir.resolve("missing.yaml"), Map.of())).hasMessageContaining("does not exist");
    }

    @Test
    void takes_a_connection_cap_and_rejects_a_negative_one(@TempDir Path dir) throws IOException {
        Path capped = Files.writeString(dir.resolve("capped.yaml"), "server:\n  maxConnections: 300\n");
        Path negative = Files.writeString(dir.resolve("negative.yaml"), "server:\n  maxConnections: -1\n");

        assertThat(ConfigLoader.load(capped, Map.of()).server().maxConnections()).isEqualTo(300);
        assertThatThrownBy(() -> ConfigLoader.load(negative, Map.of())).hasMessageContaining("server.maxConnections")
                .hasMessageContaining("got -1");
    }
}
