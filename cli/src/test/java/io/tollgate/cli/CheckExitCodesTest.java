package io.tollgate.cli;

import static io.tollgate.support.TestTollgate.ADMIN_TOKEN;
import static io.tollgate.support.TestTollgate.CI_TOKEN;
import static io.tollgate.support.TestTollgate.VIEWER_TOKEN;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tollgate.support.Ports;
import io.tollgate.support.TestTollgate;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;
import org.junit.jupiter.api.TestInstance;

/**
 * Every exit code of {@code tollgate check} against a real Tollgate (real PostgreSQL, the shipped policy in the
 * embedded engine, the shipped SLO definitions): allow 0, deny 1, hold 2, usage/connection/authentication 3.
 * checkout has SLOs and its Prometheus is a port nothing listens on, so the policy holds with sli_unavailable;
 * inventory has none.
 */
@DisabledIfSystemProperty(named = "cli.packaged", matches = "true")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CheckExitCodesTest {
    private TestTollgate tollgate;

    @BeforeAll
    void start() {
        var deadPrometheus = URI.create("http://127.0.0.1:" + Ports.free());
        tollgate = TestTollgate.builder().freshDatabase("cli_exit_codes")
                .slos(Ports.repoRoot().resolve("slo-definitions"), deadPrometheus).start();
    }

    @AfterAll
    void stop() {
        if (tollgate != null) {
            tollgate.close();
        }
    }

    /** inventory 2.0.1 → staging/canary-1 by dana; {@code overrides} are option/value pairs that replace or add to these. */
    private CliRun.Result check(String token, String... overrides) {
        var options = new java.util.LinkedHashMap<String, String>();
        options.put("--service", "inventory");
        options.put("--version", "2.0.1");
        options.put("--environment", "staging");
        options.put("--stage", "canary-1");
        options.put("--commit", "4d2a9f0");
        options.put("--pipeline", "build-77");
        options.put("--author", "dana");
        for (int i = 0; i < overrides.length; i += 2) {
            options.put(overrides[i], overrides[i + 1]);
        }
        var args = new java.util.ArrayList<String>(java.util.List.of("check"));
        options.forEach((k, v) -> {
            args.add(k);
            args.add(v);
        });
        return CliRun.run(CliRun.env(tollgate.baseUrl(), token), args.toArray(String[]::new));
    }

    @Test
    void allow_exits_0_and_prints_the_outcome_the_reasons_and_the_decision_id() {
        var r = check(CI_TOKEN);

        assertThat(r.code()).as(r.toString()).isEqualTo(0);
        assertThat(r.out()).startsWith("ALLOW inventory 2.0.1 → staging/canary-1").contains("all_checks_passed").contains("decision ");
        String id = r.out().lines().filter(l -> l.startsWith("decision ")).findFirst().orElseThrow().split("\\s+")[1];
        var recorded = tollgate.api().get("/v1/decisions/" + id, ADMIN_TOKEN);
        assertThat(recorded.json().path("request").path("change").path("pipeline").asText()).isEqualTo("build-77");
    }

    @Test
    void deny_exits_1_with_every_reason_in_one_block() {
        // production needs an approval from someone other than the author; canary-50 from nothing is too far a jump
        var r = check(CI_TOKEN, "--environment", "production", "--stage", "canary-50");

        assertThat(r.code()).as(r.toString()).isEqualTo(1);
        var lines = r.out().lines().toList();
        assertThat(lines.getFirst()).isEqualTo("DENY  inventory 2.0.1 → production/canary-50");
        assertThat(lines.subList(1, lines.size() - 1)).allSatisfy(l -> assertThat(l).startsWith("  "))
                .anySatisfy(l -> assertThat(l).contains("approval_missing"));
        assertThat(lines.getLast()).startsWith("decision ");
    }

    @Test
    void hold_exits_2_saying_it_is_still_on_hold() {
        var r = check(CI_TOKEN, "--service", "checkout");

        assertThat(r.code()).as(r.toString()).isEqualTo(2);
        assertThat(r.out()).startsWith("HOLD  checkout").contains("sli_unavailable").contains("still on hold");
    }

    @Test
    void hold_past_a_short_wait_exits_2_after_asking_again() {
        var r = check(CI_TOKEN, "--service", "checkout", "--wait", "1s", "--poll-interval", "300ms");

        assertThat(r.code()).as(r.toString()).isEqualTo(2);
        assertThat(r.err()).contains("hold (sli_unavailable)").contains("asking again in");
        assertThat(r.out()).contains("still on hold after 1s");
    }

    @Test
    void json_output_is_the_servers_answer() throws Exception {
        var r = check(CI_TOKEN, "--output", "json");

        assertThat(r.code()).isEqualTo(0);
        JsonNode answer = Api.JSON.readTree(r.out());
        assertThat(answer.path("outcome").asText()).isEqualTo("allow");
        assertThat(answer.path("decisionId").asText()).isNotBlank();
        assertThat(r.err()).isEmpty();
    }

    @Test
    void every_check_option_can_come_from_a_tollgate_variable_and_the_result_file_names_the_outcome(@TempDir Path dir)
            throws Exception {
        var env = CliRun.env(tollgate.baseUrl(), CI_TOKEN);
        env.putAll(Map.of("TOLLGATE_SERVICE", "inventory", "TOLLGATE_VERSION", "2.0.2", "TOLLGATE_ENVIRONMENT", "production",
                "TOLLGATE_STAGE", "canary-5", "TOLLGATE_PREVIOUS_STAGE", "canary-1", "TOLLGATE_COMMIT", "aa11bb2",
                "TOLLGATE_PIPELINE", "build-78", "TOLLGATE_AUTHOR", "dana", "TOLLGATE_APPROVALS", "lee, kim"));
        env.putAll(Map.of("TOLLGATE_LABELS", "", "TOLLGATE_WAIT", ""));
        Path result = dir.resolve("result.properties");

        var r = CliRun.run(env, "check", "--result-file", result.toString());

        assertThat(r.code()).as(r.toString()).isEqualTo(0);
        var lines = Files.readAllLines(result);
        assertThat(lines.get(0)).isEqualTo("outcome=allow");
        String id = lines.get(1).substring("decisionId=".length());
        var request = tollgate.api().get("/v1/decisions/" + id, ADMIN_TOKEN).json().path("request");
        assertThat(request.path("previousStage").asText()).isEqualTo("canary-1");
        assertThat(request.path("change").path("approvals").toString()).isEqualTo("[\"lee\",\"kim\"]");
        assertThat(request.path("change").path("commit").asText()).isEqualTo("aa11bb2");

        env.put("TOLLGATE_URL", "http://127.0.0.1:" + Ports.free());
        var down = CliRun.run(env, "check", "--result-file", result.toString());
        assertThat(down.code()).isEqualTo(3);
        assertThat(Files.readAllLines(result)).containsExactly("outcome=error", "decisionId=",
                "message=" + down.err().strip().substring("tollgate: ".length()));
    }

    @Test
    void connection_refused_exits_3_with_one_clear_line() {
        int port = Ports.free();
        var r = CliRun.run(CliRun.env("http://127.0.0.1:" + port, CI_TOKEN), "check", "--service", "inventory", "--version", "1",
                "--environment", "staging", "--stage", "canary-1", "--commit", "c", "--pipeline", "p", "--author", "a");

        assertThat(r.code()).isEqualTo(3);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).isEqualTo("tollgate: cannot connect to http://127.0.0.1:" + port + ": connection refused\n");
    }

    @Test
    void missing_options_and_bad_values_exit_3_naming_them() {
        var missing = CliRun.run(CliRun.env(tollgate.baseUrl(), CI_TOKEN), "check", "--service", "inventory");
        assertThat(missing.code()).isEqualTo(3);
        assertThat(missing.err()).isEqualTo("tollgate: missing --version (or $TOLLGATE_VERSION)\n");

        var noAuthor = CliRun.run(CliRun.env(tollgate.baseUrl(), CI_TOKEN), "check", "--service", "inventory", "--version", "1",
                "--environment", "staging", "--stage", "canary-1", "--commit", "c", "--pipeline", "p");
        assertThat(noAuthor.code()).isEqualTo(3);
        assertThat(noAuthor.err()).isEqualTo("tollgate: missing --author (or $TOLLGATE_AUTHOR)\n");

        var badWait = check(CI_TOKEN, "--wait", "soon");
        assertThat(badWait.code()).isEqualTo(3);
        assertThat(badWait.err()).contains("--wait: expected a duration like 500ms, 30s, 10m, 1h or 7d, got \"soon\"");

        // The server's 400 names the field.
        var badCommit = check(CI_TOKEN, "--commit", "has spaces");
        assertThat(badCommit.code()).isEqualTo(3);
        assertThat(badCommit.err()).startsWith("tollgate: rejected (400): invalid_value change.commit:");
    }

    @Test
    void a_wrong_token_exits_3_and_a_role_without_the_permission_exits_1_neither_printing_the_token() {
        String secret = "s3cr3t-" + java.util.UUID.randomUUID();
        var wrong = check(secret);
        assertThat(wrong.code()).isEqualTo(3);
        assertThat(wrong.err()).startsWith("tollgate: not authenticated (401)").contains("TOLLGATE_TOKEN");

        var viewer = check(VIEWER_TOKEN);
        assertThat(viewer.code()).isEqualTo(1);
        assertThat(viewer.err()).startsWith("tollgate: forbidden (403)");

        var onCommandLine = CliRun.run(CliRun.env(tollgate.baseUrl(), null), "check", "--service", "a", "--version", "1",
                "--environment", "staging", "--stage", "canary-1", "--token", secret, "--bogus", secret);
        assertThat(onCommandLine.code()).isEqualTo(3);
        assertThat(wrong.all() + viewer.all() + onCommandLine.all()).doesNotContain(secret).doesNotContain(VIEWER_TOKEN);
        assertThat(onCommandLine.err()).contains("***");
    }

    @Test
    void the_token_never_appears_in_output_help_or_errors() {
        String[][] runs = {
                {"check", "--service", "inventory", "--version", "2.0.1", "--environment", "staging", "--stage", "canary-1",
                        "--commit", "c1", "--pipeline", "p", "--author", "dana", "--output", "json"},
                {"check", "--help"}, {"--help"}, {"decisions", "list", "--limit", "2"}, {"release", "status", "nope"},
                {"audit", "verify", "--output", "json"}};
        for (String[] args : runs) {
            var r = CliRun.run(CliRun.env(tollgate.baseUrl(), ADMIN_TOKEN), args);
            assertThat(r.all()).as(String.join(" ", args)).doesNotContain(ADMIN_TOKEN);
        }
        var noUrl = CliRun.run(java.util.Map.of("TOLLGATE_TOKEN", ADMIN_TOKEN), "audit", "verify");
        assertThat(noUrl.code()).isEqualTo(3);
        assertThat(noUrl.err()).isEqualTo("tollgate: no Tollgate URL: set TOLLGATE_URL or pass --url (e.g. http://127.0.0.1:8080)\n");
    }

    @Test
    void every_command_has_help() {
        String[][] commands = {{}, {"check"}, {"release"}, {"release", "start"}, {"release", "status"}, {"release", "wait"},
                {"release", "pause"}, {"release", "resume"}, {"release", "promote"}, {"release", "abort"}, {"release", "rollback"},
                {"release", "list"}, {"decisions"}, {"decisions", "list"}, {"decisions", "show"}, {"audit"}, {"audit", "verify"},
                {"override"}, {"override", "create"}, {"override", "list"}, {"override", "revoke"}, {"policy"}, {"policy", "replay"}};
        for (String[] c : commands) {
            var args = new java.util.ArrayList<>(java.util.List.of(c));
            args.add("--help");
            var r = CliRun.run(java.util.Map.of("TOLLGATE_TOKEN", ADMIN_TOKEN), args.toArray(String[]::new));
            assertThat(r.code()).as(String.join(" ", args)).isEqualTo(0);
            assertThat(r.out()).as(String.join(" ", args)).startsWith("Usage: tollgate" + (c.length == 0 ? "" : " " + String.join(" ", c)));
            assertThat(r.out()).doesNotContain(ADMIN_TOKEN);
        }
    }
}
