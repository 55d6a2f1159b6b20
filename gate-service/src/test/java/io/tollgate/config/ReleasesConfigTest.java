package io.tollgate.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tollgate.release.StrategiesFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The adapter guards of {@code releases}: defaults, the common settings, per-adapter overrides, and bad values named by key. */
class ReleasesConfigTest {
    @TempDir
    Path dir;

    @Test
    void by_default_every_adapter_has_the_built_in_guard() {
        var releases = ConfigLoader.load(null, Map.of()).releases();

        assertThat(releases.adapterGuard()).isEqualTo(AdapterGuardConfig.DEFAULTS);
        assertThat(releases.adapterGuards()).isEmpty();
        var engine = StrategiesFile.config(releases);
        assertThat(engine.guard("unleash")).isEqualTo(AdapterGuardConfig.DEFAULTS);
        assertThat(engine.guard("haproxy")).isEqualTo(AdapterGuardConfig.DEFAULTS);
    }

    @Test
    void an_adapter_guard_overrides_the_common_settings_field_by_field() throws IOException {
        var releases = load("""
                releases:
                  adapterTimeout: 3s
                  adapterAttempts: 4
                  breakerWindow: 20
                  breakerOpenFor: 10s
                  adapterGuards:
                    haproxy:
                      timeout: 500ms
                      attempts: 2
                      breakerFailureRate: 25
                      breakerMinimumCalls: 20
                """);

        var common = new AdapterGuardConfig(Duration.ofSeconds(3), 4, Duration.ofMillis(500), 50, 20, 5, Duration.ofSeconds(10));
        assertThat(releases.adapterGuard()).isEqualTo(common);
        var engine = StrategiesFile.config(releases);
        assertThat(engine.guard("unleash")).isEqualTo(common);
        assertThat(engine.guard("haproxy")).isEqualTo(
                new AdapterGuardConfig(Duration.ofMillis(500), 2, Duration.ofMillis(500), 25, 20, 20, Duration.ofSeconds(10)));
    }

    @Test
    void a_guard_names_an_adapter_instance_or_a_type_and_the_instance_wins() throws IOException {
        var releases = load("""
                adapters:
                  east: {type: haproxy, host: 127.0.0.1, runtimePort: 9001}
                  west: {type: haproxy, host: 127.0.0.1, runtimePort: 9002}
                releases:
                  adapterGuards:
                    east: {attempts: 1}
                    haproxy: {attempts: 5}
                """);

        var engine = StrategiesFile.config(releases);
        assertThat(engine.guard("east", "haproxy").attempts()).isEqualTo(1);
        assertThat(engine.guard("west", "haproxy").attempts()).as("its type's").isEqualTo(5);
        assertThat(engine.guard("flags", "unleash")).isEqualTo(AdapterGuardConfig.DEFAULTS);
        assertThatThrownBy(() -> load("adapters:\n  east: {type: haproxy, host: h, runtimePort: 1}\n"
                + "releases:\n  adapterGuards:\n    west: {attempts: 1}\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("releases.adapterGuards.west: no adapter instance or type of that name; known: east, ")
                .hasMessageContaining("haproxy").hasMessageContaining("unleash");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            attempts 0          | adapterAttempts: 0                                   | releases.adapterAttempts: must be in 1..10, got 0
            timeout too long    | adapterTimeout: 10m                                  | releases.adapterTimeout: must be between 1ms and 5m, got 10m
            failure rate        | breakerFailureRate: 0                                | releases.breakerFailureRate: must be in 1..100, got 0
            window              | breakerWindow: 5000                                  | releases.breakerWindow: must be in 1..1000, got 5000
            minimum over window | breakerMinimumCalls: 11                              | releases.breakerMinimumCalls: must be in 1..breakerWindow (10), got 11
            open for            | breakerOpenFor: 2h                                   | releases.breakerOpenFor: must be between 1ms and 60m, got 120m
            unknown type        | adapterGuards: {nginx: {attempts: 2}}                | releases.adapterGuards.nginx: no adapter instance or type of that name; known: 
            per adapter         | adapterGuards: {unleash: {attempts: 11}}             | releases.adapterGuards.unleash.attempts: must be in 1..10, got 11
            per adapter backoff | adapterGuards: {haproxy: {backoff: 0ms}}             | releases.adapterGuards.haproxy.backoff: must be between 1ms and 1m, got 0ms
            unknown field       | adapterGuards: {haproxy: {retries: 2}}               | releases.adapterGuards.haproxy.retries: unknown key
            """)
    void a_bad_guard_value_is_one_line_naming_the_key(String name, String line, String expected) {
        assertThatThrownBy(() -> load("releases:\n  " + line + "\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(expected)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    private ReleasesConfig load(String yaml) throws IOException {
        return ConfigLoader.load(Files.writeString(dir.resolve("tollgate.yaml"), yaml), Map.of()).releases();
    }
}
