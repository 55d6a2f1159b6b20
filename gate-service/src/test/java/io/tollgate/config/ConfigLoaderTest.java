package io.tollgate.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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

        assertThat(adapters.unleash().adminUrl()).isEqualTo(URI.create("http://127.0.0.1:4242"));
        assertThat(adapters.unleash().callTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(adapters.unleash().project()).isEqualTo("default");
        assertThat(adapters.haproxy().runtimePort()).isEqualTo(9999);
        assertThat(adapters.haproxy().totalWeight()).isEqualTo(100);
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
