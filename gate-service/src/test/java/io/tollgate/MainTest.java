package io.tollgate;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every class of bad configuration stops {@link Main#run} with exit code 2 and one line on stderr naming
 * the key and the problem, never a stack trace. Each case fails before the database would start.
 */
class MainTest {
    private static final String SHA = "a".repeat(64);
    @TempDir
    Path dir;
    private final Map<String, String> env = new HashMap<>();

    @BeforeEach
    void safeDefaults() {
        env.put("TOLLGATE_HTTP_PORT", "0");
        env.put("TOLLGATE_DATA_DIR", dir.resolve("pg").toString());
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', textBlock = """
            TOLLGATE_HTTP_PORT      | abc                      | server.port: expected a whole number, got "abc"
            TOLLGATE_HTTP_PORT      | 70000                    | server.port: must be in 0..65535, got 70000
            TOLLGATE_POLICY_ENGINE  | rego-in-java             | policy.engine: must be one of embedded, opa-server, got "rego-in-java"
            TOLLGATE_POLICY_TIMEOUT | 5 parsecs                | policy.timeout: expected a duration like 500ms, 2s, 5m, 1h or PT2S, got "5 parsecs"
            TOLLGATE_POLICY_TIMEOUT | 1h                       | policy.timeout: must be between 1ms and 30s, got 60m
            TOLLGATE_OPA_URL        | http://opa host:8181     | policy.opaUrl: expected a URL like http://127.0.0.1:8181, got "http://opa host:8181"
            TOLLGATE_OPA_URL        | localhost:8181           | policy.opaUrl: must be an absolute http(s) URL
            TOLLGATE_DB_URL         | mysql://db/tollgate      | database.url: must start with jdbc:postgresql://, got "mysql://db/tollgate"
            TOLLGATE_DB_URL         | jdbc:postgresql:///x     | database.url: must name a host
            TOLLGATE_PROMETHEUS_URL | prometheus               | slo.prometheusUrl: must be an absolute http(s) URL
            TOLLGATE_OTLP_ENDPOINT  | ftp://collector:4318     | tracing.otlpEndpoint: must be an absolute http(s) URL
            TOLLGATE_POLICY_BUNDLE  | /nonexistent/b.tar.gz    | policy.bundle: /nonexistent/b.tar.gz does not exist
            TOLLGATE_SLO_DIR        | /nonexistent/slos        | slo.definitionsDir: directory does not exist: /nonexistent/slos
            """)
    void a_bad_environment_override_is_one_line_naming_the_key(String variable, String value, String expected) {
        env.put(variable, value);

        assertOneConfigLine(run(), expected);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '\'', textBlock = """
            pool size         | 'policy:\\n  poolSize: 500'                 | policy.poolSize: must be in 1..64, got 500
            db pool size      | 'database:\\n  poolSize: 101'               | database.poolSize: must be in 1..100, got 101
            connect timeout   | 'database:\\n  connectTimeout: 100ms'       | database.connectTimeout: must be between 250ms and 60s, got 100ms
            bad duration      | 'slo:\\n  queryTimeout: soon'               | slo.queryTimeout: expected a duration
            audit batch       | 'audit:\\n  maxBatch: 5000'                 | audit.maxBatch: must be in 1..4096, got 5000
            audit wait        | 'audit:\\n  maxBatchWait: 1s'               | audit.maxBatchWait: must be between 0ms and 50ms, got 1s
            adapter guard     | 'releases:\\n  adapterGuards: {haproxy: {attempts: 0}}' | releases.adapterGuards.haproxy.attempts: must be in 1..10, got 0
            breaker window    | 'releases:\\n  breakerMinimumCalls: 50'    | releases.breakerMinimumCalls: must be in 1..breakerWindow (10), got 50
            unknown key       | 'server:\\n  prot: 9000'                    | server.prot: unknown key
            not a mapping     | 'server: 8080'                              | server: expected a mapping of keys
            tokens not a list | 'auth:\\n  tokens: abc'                     | auth.tokens: expected a list
            token as text     | 'auth:\\n  tokens:\\n    - ci:abc'           | auth.tokens[0]: expected a mapping with subject, role and sha256
            token bad key     | 'auth:\\n  tokens:\\n    - {subject: x, role: ci, sha: 1}' | auth.tokens[0].sha: unknown key
            token no subject  | 'auth:\\n  tokens:\\n    - {role: ci, sha256: SHA}' | auth.tokens[0].subject: is required
            token bad role    | 'auth:\\n  tokens:\\n    - {subject: x, role: root, sha256: SHA}' | auth.tokens[0].role: must be one of ci, release-manager, viewer, admin, got "root"
            token bad hash    | 'auth:\\n  tokens:\\n    - {subject: x, role: ci, sha256: abc}' | auth.tokens[0].sha256: must be 64 hex digits
            duplicate token   | 'auth:\\n  tokens:\\n    - {subject: x, role: ci, sha256: SHA}\\n    - {subject: y, role: admin, sha256: SHA}' | auth.tokens[1].sha256: duplicates an earlier token
            """)
    void a_bad_value_in_the_file_is_one_line_naming_the_key(String name, String yaml, String expected) throws IOException {
        Path file = Files.writeString(dir.resolve("tollgate.yaml"), yaml.replace("\\n", "\n").replace("SHA", SHA));

        assertOneConfigLine(run("--config", file.toString()), expected);
    }

    @Test
    void a_bundle_that_is_not_a_gzipped_tar_is_a_policy_bundle_error() throws IOException {
        Path bundle = Files.writeString(dir.resolve("bundle.tar.gz"), "not a bundle");
        env.put("TOLLGATE_POLICY_BUNDLE", bundle.toString());

        assertOneConfigLine(run(), "policy.bundle: " + bundle + " is not a valid .tar.gz OPA bundle");
    }

    @Test
    void a_missing_or_broken_config_file_is_one_line() throws IOException {
        assertOneConfigLine(run("--config", dir.resolve("missing.yaml").toString()), "config: file");
        Path broken = Files.writeString(dir.resolve("broken.yaml"), "server:\n  port: [8080\n  host: x\n");
        assertOneConfigLine(run("--config", broken.toString()), broken + ": not valid YAML at line");
        env.put("TOLLGATE_CONFIG", broken.toString());
        assertOneConfigLine(run(), broken + ": not valid YAML");
    }

    @Test
    void wrong_arguments_print_the_usage_and_exit_2() {
        var result = run("--port", "8080", "extra");

        assertThat(result.code()).isEqualTo(2);
        assertThat(result.err()).isEqualTo("usage: tollgate [--config FILE]\n");
    }

    @Test
    void invalid_slo_definitions_keep_their_multi_line_list_of_problems() throws IOException {
        Path slos = Files.createDirectories(dir.resolve("slos"));
        Files.writeString(slos.resolve("broken.yaml"), "apiVersion: openslo/v1\nkind: SLO\nmetadata:\n  name: x\n");
        env.put("TOLLGATE_SLO_DIR", slos.toString());

        var result = run();

        assertThat(result.code()).isEqualTo(2);
        assertThat(result.err()).startsWith("tollgate: invalid SLO definitions, not starting:\n  ").doesNotContain("\tat ");
    }

    private void assertOneConfigLine(Result result, String expected) {
        assertThat(result.code()).as(result.err()).isEqualTo(2);
        assertThat(result.out()).isEmpty();
        assertThat(result.err().lines().toList()).as(result.err()).hasSize(1).first().asString()
                .startsWith(Main.CONFIG_ERROR_PREFIX + expected);
        assertThat(result.err()).doesNotContain("\tat ", "Exception", "`", "io.tollgate.", "java.");
    }

    private record Result(int code, String out, String err) {
    }

    private Result run(String... args) {
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        int code = Main.run(args, env, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
