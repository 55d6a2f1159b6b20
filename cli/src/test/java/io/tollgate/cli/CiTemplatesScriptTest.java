package io.tollgate.cli;

import static io.tollgate.support.TestTollgate.ADMIN_TOKEN;
import static io.tollgate.support.TestTollgate.CI_TOKEN;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tollgate.support.Ports;
import io.tollgate.support.TestTollgate;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the shell part of each CI template (integrations/) the way its runner would — a clean environment holding
 * the variables GitHub Actions, GitLab CI or Jenkins set — through bin/tollgate and the packaged CLI jar, against a
 * real Tollgate. Checks the exit code (the job's result), the log, the files each CI reads back, and that the check
 * recorded the pipeline's own commit, pipeline id and author. Runs after {@code package} (surefire execution
 * {@code packaged-cli}).
 */
// Runs the packaged jar: only in the surefire execution after package (packaged-cli sets cli.packaged=true).
@EnabledIfSystemProperty(named = "cli.packaged", matches = "true")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CiTemplatesScriptTest {
    private static final Path ROOT = Ports.repoRoot();
    private static final String SHA = "3f786850e387550fdab836ed7e6dc881de23001b";
    private TestTollgate tollgate;
    @TempDir
    Path work;

    @BeforeAll
    void start() {
        tollgate = TestTollgate.builder().freshDatabase("cli_templates").start();
    }

    @AfterAll
    void stop() {
        if (tollgate != null) {
            tollgate.close();
        }
    }

    /** What every runner has, plus the check's own inputs; {@code ci} adds the runner's variables. */
    private Map<String, String> env(String environment, String stage, Map<String, String> ci) {
        var env = new HashMap<String, String>();
        env.put("PATH", "/usr/local/bin:/usr/bin:/bin");
        env.put("HOME", work.toString());
        env.put("JAVA_HOME", System.getProperty("java.home"));
        env.put("TOLLGATE_CLI_JAR", System.getProperty("cli.jar"));
        env.put("TOLLGATE_URL", tollgate.baseUrl());
        env.put("TOLLGATE_TOKEN", CI_TOKEN);
        env.put("TOLLGATE_SERVICE", "inventory");
        env.put("TOLLGATE_VERSION", "2.0.1");
        env.put("TOLLGATE_ENVIRONMENT", environment);
        env.put("TOLLGATE_STAGE", stage);
        env.putAll(ci);
        return env;
    }

    private Shell.Run script(String path, Map<String, String> env) {
        var run = Shell.run(work, env, Duration.ofSeconds(60), "bash", ROOT.resolve(path).toString());
        System.out.printf("--- %s (exit %d)%n%s", path, run.code(), run.log());
        assertThat(run.log()).doesNotContain(CI_TOKEN);
        return run;
    }

    private JsonNode recordedChange(String decisionId) {
        return tollgate.api().get("/v1/decisions/" + decisionId, ADMIN_TOKEN).json().path("request").path("change");
    }

    private static String line(Path file, String prefix) throws Exception {
        return Files.readAllLines(file).stream().filter(l -> l.startsWith(prefix)).findFirst().orElseThrow().substring(prefix.length());
    }

    private Map<String, String> github(Path output, Path summary) {
        return Map.of("GITHUB_ACTIONS", "true", "GITHUB_SHA", SHA, "GITHUB_RUN_ID", "9134", "GITHUB_RUN_ATTEMPT", "2",
                "GITHUB_ACTOR", "dana", "GITHUB_REPOSITORY", "acme/shop", "GITHUB_OUTPUT", output.toString(),
                "GITHUB_STEP_SUMMARY", summary.toString());
    }

    @Test
    void github_action_allows_with_the_runs_commit_run_and_actor_and_sets_the_step_outputs() throws Exception {
        Path output = Files.createFile(work.resolve("github_output"));
        Path summary = Files.createFile(work.resolve("step_summary"));

        // No TOLLGATE_CLI: the script falls back to the repository's bin/tollgate, as in the action's checkout.
        var run = script("integrations/github/tollgate-check.sh", env("staging", "canary-1", github(output, summary)));

        assertThat(run.code()).as(run.log()).isEqualTo(0);
        assertThat(run.log()).contains("ALLOW inventory 2.0.1 → staging/canary-1").contains("all_checks_passed").doesNotContain("::error");
        assertThat(line(output, "outcome=")).isEqualTo("allow");
        String id = line(output, "decision-id=");
        assertThat(Files.readString(summary)).startsWith("### Tollgate: allow — inventory 2.0.1 → staging/canary-1").contains(id);
        var change = recordedChange(id);
        assertThat(change.path("commit").asText()).isEqualTo(SHA);
        assertThat(change.path("pipeline").asText()).isEqualTo("acme/shop/actions/runs/9134/attempts/2");
        assertThat(change.path("author").asText()).isEqualTo("dana");
    }

    @Test
    void github_action_fails_the_step_on_deny_with_the_reasons_in_the_log_and_an_error_annotation() throws Exception {
        Path output = Files.createFile(work.resolve("github_output_deny"));
        Path summary = Files.createFile(work.resolve("step_summary_deny"));

        var run = script("integrations/github/tollgate-check.sh", env("production", "canary-50", github(output, summary)));

        assertThat(run.code()).as(run.log()).isEqualTo(1);
        assertThat(run.log()).contains("DENY  inventory 2.0.1 → production/canary-50").contains("  approval_missing");
        assertThat(run.log()).containsPattern("::error title=Tollgate: deny::inventory 2.0.1 → production/canary-50: deny \\(decision [0-9a-f-]{36}\\)%0A.*approval_missing");
        assertThat(line(output, "outcome=")).isEqualTo("deny");
    }

    @Test
    void github_action_without_a_reachable_tollgate_fails_with_exit_3_and_says_why() throws Exception {
        Path output = Files.createFile(work.resolve("github_output_down"));
        var env = env("staging", "canary-1", github(output, work.resolve("summary_down")));
        env.put("TOLLGATE_URL", "http://127.0.0.1:" + Ports.free());

        var run = script("integrations/github/tollgate-check.sh", env);

        assertThat(run.code()).isEqualTo(3);
        assertThat(run.log()).contains("::error title=Tollgate: error::").contains("cannot connect to http://127.0.0.1:");
        assertThat(line(output, "outcome=")).isEqualTo("error");
    }

    @Test
    void gitlab_template_allows_with_the_pipelines_commit_id_and_user_and_writes_the_dotenv_report() throws Exception {
        var ci = Map.of("GITLAB_CI", "true", "CI_COMMIT_SHA", SHA, "CI_PIPELINE_ID", "5521", "CI_PROJECT_PATH", "acme/shop",
                "GITLAB_USER_LOGIN", "dana", "TOLLGATE_CLI", ROOT.resolve("bin/tollgate").toString());

        var run = script("integrations/gitlab/tollgate-check.sh", env("staging", "canary-1", ci));

        assertThat(run.code()).as(run.log()).isEqualTo(0);
        assertThat(run.log()).contains("ALLOW inventory 2.0.1 → staging/canary-1").contains("Tollgate: allowed");
        Path dotenv = work.resolve("tollgate.env");
        assertThat(line(dotenv, "TOLLGATE_OUTCOME=")).isEqualTo("allow");
        var change = recordedChange(line(dotenv, "TOLLGATE_DECISION_ID="));
        assertThat(change.path("commit").asText()).isEqualTo(SHA);
        assertThat(change.path("pipeline").asText()).isEqualTo("acme/shop/-/pipelines/5521");
        assertThat(change.path("author").asText()).isEqualTo("dana");
    }

    @Test
    void gitlab_template_fails_the_job_on_deny_with_the_reasons_in_the_log() throws Exception {
        var ci = Map.of("CI_COMMIT_SHA", SHA, "CI_PIPELINE_ID", "5522", "CI_PROJECT_PATH", "acme/shop", "GITLAB_USER_LOGIN", "dana",
                "TOLLGATE_CLI", ROOT.resolve("bin/tollgate").toString(), "TOLLGATE_APPROVALS", "dana");

        var run = script("integrations/gitlab/tollgate-check.sh", env("production", "canary-5", ci));

        assertThat(run.code()).as(run.log()).isEqualTo(1);
        assertThat(run.log()).contains("DENY  inventory 2.0.1 → production/canary-5").contains("approval_missing")
                .contains("Tollgate: deny (decision ");
        assertThat(line(work.resolve("tollgate.env"), "TOLLGATE_OUTCOME=")).isEqualTo("deny");
    }

    @Test
    void jenkins_step_takes_the_author_from_git_and_fails_on_deny_writing_the_result_for_the_step() throws Exception {
        // A workspace checked out by the git plugin: GIT_COMMIT is its head; no CHANGE_AUTHOR outside pull requests.
        var gitEnv = Map.of("PATH", "/usr/bin:/bin", "HOME", work.toString(), "GIT_AUTHOR_NAME", "robin", "GIT_AUTHOR_EMAIL", "r@example.org",
                "GIT_COMMITTER_NAME", "robin", "GIT_COMMITTER_EMAIL", "r@example.org");
        assertThat(Shell.run(work, gitEnv, Duration.ofSeconds(20), "git", "init", "-q", ".").code()).isEqualTo(0);
        assertThat(Shell.run(work, gitEnv, Duration.ofSeconds(20), "git", "commit", "-q", "--allow-empty", "-m", "release").code()).isEqualTo(0);
        String head = Shell.run(work, gitEnv, Duration.ofSeconds(20), "git", "rev-parse", "HEAD").log().strip();
        var ci = Map.of("JENKINS_URL", "http://jenkins.invalid/", "GIT_COMMIT", head, "BUILD_TAG", "jenkins-shop-deploy-77",
                "BUILD_NUMBER", "77", "TOLLGATE_CLI", ROOT.resolve("bin/tollgate").toString(), "TOLLGATE_APPROVALS", "lee");

        var allowed = script("integrations/jenkins/resources/io/tollgate/tollgate-check.sh", env("production", "canary-5", ci));
        var denied = script("integrations/jenkins/resources/io/tollgate/tollgate-check.sh", env("production", "canary-50", ci));

        assertThat(allowed.code()).as(allowed.log()).isEqualTo(0);
        Path result = work.resolve("tollgate-result.properties");
        assertThat(denied.code()).as(denied.log()).isEqualTo(1);
        assertThat(denied.log()).contains("DENY  inventory 2.0.1 → production/canary-50").contains("stage_jump_too_large");
        assertThat(line(result, "outcome=")).isEqualTo("deny");
        var change = recordedChange(line(result, "decisionId="));
        assertThat(change.path("commit").asText()).isEqualTo(head);
        assertThat(change.path("pipeline").asText()).isEqualTo("jenkins-shop-deploy-77");
        assertThat(change.path("author").asText()).isEqualTo("robin");
    }
}
