package io.tollgate.cli;

import static io.tollgate.support.TestTollgate.CI_TOKEN;
import static io.tollgate.support.TestTollgate.RELEASE_MANAGER_TOKEN;
import static org.assertj.core.api.Assertions.assertThat;

import io.tollgate.support.TestTollgate;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tollgate plan …} against a real Tollgate driving in-memory adapters: start from a YAML file with --wait and its
 * exit codes (0 completed, 1 rolled back, 2 halted, 3 error), status, and a control refused in the plan's state.
 */
@DisabledIfSystemProperty(named = "cli.packaged", matches = "true")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PlanCommandsTest {
    private TestTollgate tollgate;
    @TempDir
    Path dir;

    @BeforeAll
    void start() {
        tollgate = FakeAdapterTollgate.start("cli_plans", s -> List.of());
    }

    @AfterAll
    void stop() {
        if (tollgate != null) {
            tollgate.close();
        }
    }

    /** A release of {@code service} in YAML: canary-1 baking 200 ms then full (denied by max_stage_jump), or four stages. */
    private static String release(String service, boolean deniedAtFull, String... dependsOn) {
        var stages = deniedAtFull ? """
                      - {name: canary-1, trafficPercent: 1, flagPercent: 1, bake: 200ms}
                      - {name: full, trafficPercent: 100, flagPercent: 100}
                """ : """
                      - {name: canary-1, trafficPercent: 1, flagPercent: 1, bake: 200ms}
                      - {name: canary-5, trafficPercent: 5, flagPercent: 5, bake: 200ms}
                      - {name: canary-25, trafficPercent: 25, flagPercent: 25, bake: 200ms}
                      - {name: full, trafficPercent: 100, flagPercent: 100}
                """;
        return """
                  - key: %s
                    service: %s
                    version: 1.5.0
                    dependsOn: [%s]
                    change: {commit: 9f2c1e7, pipeline: build-900, author: dana, approvals: [lee]}
                    strategy:
                      stages:
                %s    flag: {provider: fake-flags, feature: %s-v150, environment: production}
                    traffic: {provider: fake-traffic, route: %s, stable: v149, canary: v150}
                """.formatted(service, service, String.join(", ", dependsOn), stages, service, service);
    }

    private Path planFile(String name, String environment, String... releases) throws Exception {
        var yaml = "name: " + name + "\nenvironment: " + environment + "\nreleases:\n" + String.join("", releases);
        return Files.writeString(dir.resolve(name + ".yaml"), yaml);
    }

    private CliRun.Result cli(String token, String... args) {
        return CliRun.run(CliRun.env(tollgate.baseUrl(), token), args);
    }

    @Test
    void start_with_wait_exits_0_when_the_plan_completes_and_status_shows_every_release() throws Exception {
        var file = planFile("shop-v2", "production", release("stock", false), release("cart", false, "stock"));

        var run = cli(CI_TOKEN, "plan", "start", "-f", file.toString(), "--wait", "--poll-interval", "200ms", "-o", "json");

        assertThat(run.code()).as(run.toString()).isEqualTo(0);
        var plan = Api.JSON.readTree(run.out());
        assertThat(plan.path("state").asText()).isEqualTo("completed");
        var status = cli(CI_TOKEN, "plan", "status", plan.path("id").asText());
        assertThat(status.code()).isZero();
        assertThat(status.out()).contains("state    completed").contains("stock").contains("cart").contains("promoted");
    }

    @Test
    void start_with_wait_exits_1_when_production_rolls_back_and_2_when_development_halts() throws Exception {
        var prod = planFile("ledger-v2", "production", release("ledger", false), release("billing", true, "ledger"));
        var rolled = cli(CI_TOKEN, "plan", "start", "-f", prod.toString(), "--wait", "--poll-interval", "200ms");
        assertThat(rolled.code()).as(rolled.toString()).isEqualTo(1);
        assertThat(rolled.out()).contains("state    rolled_back (on_failure rollback)").contains("compensation verified");

        var dev = planFile("notes-v2", "development", release("notes", true));
        var halted = cli(CI_TOKEN, "plan", "start", "-f", dev.toString(), "--wait", "--poll-interval", "200ms", "-o", "json");
        assertThat(halted.code()).as(halted.toString()).isEqualTo(2);
        String id = Api.JSON.readTree(halted.out()).path("id").asText();

        var refused = cli(CI_TOKEN, "plan", "abort", id, "--reason", "ci may not");
        assertThat(refused.code()).isEqualTo(1);
        var aborted = cli(RELEASE_MANAGER_TOKEN, "plan", "abort", id, "--reason", "notes needs a smaller first step");
        assertThat(aborted.code()).as(aborted.toString()).isEqualTo(0);
        assertThat(aborted.out()).contains("state    aborted");
        var again = cli(RELEASE_MANAGER_TOKEN, "plan", "rollback", id, "--reason", "too late");
        assertThat(again.code()).isEqualTo(1);
        assertThat(again.err()).contains("in state aborted");
    }

    @Test
    void a_bad_file_or_a_plan_the_server_refuses_exits_3_or_1_naming_the_problem() throws Exception {
        var missing = cli(CI_TOKEN, "plan", "start", "-f", dir.resolve("nope.yaml").toString());
        assertThat(missing.code()).isEqualTo(3);
        assertThat(missing.err()).contains("--file: cannot read");

        var cycle = planFile("cycle", "production", release("a", false, "b"), release("b", false, "a"));
        var refused = cli(CI_TOKEN, "plan", "start", "-f", cycle.toString());
        assertThat(refused.code()).as(refused.toString()).isEqualTo(3);
        assertThat(refused.err()).contains("cycle a -> b -> a");
    }
}
