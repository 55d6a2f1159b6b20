package io.tollgate.cli;

import static io.tollgate.support.TestTollgate.CI_TOKEN;
import static io.tollgate.support.TestTollgate.RELEASE_MANAGER_TOKEN;
import static io.tollgate.support.TestTollgate.VIEWER_TOKEN;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tollgate.Tollgate;
import io.tollgate.release.FakeFlagRollout;
import io.tollgate.release.FakeTrafficRouter;
import io.tollgate.testsupport.Eventually;
import io.tollgate.support.TestTollgate;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tollgate release …} against a real Tollgate whose release engine drives in-memory flag and traffic fakes
 * (the adapters themselves are tested on real Unleash and HAProxy in gate-service): start from a request file,
 * status, pause/resume/promote/abort/rollback with their refusals, and wait's exit codes.
 */
@DisabledIfSystemProperty(named = "cli.packaged", matches = "true")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReleaseCommandsTest {
    private TestTollgate tollgate;
    @TempDir
    Path dir;

    @BeforeAll
    void start() {
        tollgate = FakeAdapterTollgate.start("cli_releases", null);
    }

    @AfterAll
    void stop() {
        if (tollgate != null) {
            tollgate.close();
        }
    }

    /** A production release of {@code service}: canary-1 baking {@code firstBake}, canary-5 and canary-25 300 ms, then full. */
    private Path requestFile(String service, String firstBake) throws Exception {
        ObjectNode body = Api.JSON.createObjectNode();
        body.put("service", service).put("version", "1.5.0").put("environment", "production");
        body.putObject("change").put("commit", "9f2c1e7").put("pipeline", "build-900").put("author", "dana").putArray("approvals").add("lee");
        var stages = body.putObject("strategy").putArray("stages");
        stages.addObject().put("name", "canary-1").put("trafficPercent", 1).put("flagPercent", 1).put("bake", firstBake);
        stages.addObject().put("name", "canary-5").put("trafficPercent", 5).put("flagPercent", 5).put("bake", "300ms");
        stages.addObject().put("name", "canary-25").put("trafficPercent", 25).put("flagPercent", 25).put("bake", "300ms");
        stages.addObject().put("name", "full").put("trafficPercent", 100).put("flagPercent", 100);
        body.putObject("flag").put("provider", FakeFlagRollout.TYPE).put("feature", service + "-v150").put("environment", "production");
        body.putObject("traffic").put("provider", FakeTrafficRouter.TYPE).put("route", service).put("stable", "v149").put("canary", "v150");
        return Files.writeString(dir.resolve(service + ".json"), body.toString());
    }

    private CliRun.Result cli(String token, String... args) {
        return CliRun.run(CliRun.env(tollgate.baseUrl(), token), args);
    }

    private String startedId(CliRun.Result r) throws Exception {
        assertThat(r.code()).as(r.toString()).isEqualTo(0);
        return Api.JSON.readTree(r.out()).path("id").asText();
    }

    private void awaitState(String id, String state) {
        Eventually.await("release " + id + " " + state, Duration.ofSeconds(30),
                () -> tollgate.api().get("/v1/releases/" + id, VIEWER_TOKEN).json().path("state").asText(), state::equals);
    }

    @Test
    void start_pause_resume_promote_wait_and_rollback_a_release() throws Exception {
        var started = cli(CI_TOKEN, "release", "start", "-f", requestFile("cart", "1h").toString(), "--version", "1.5.1",
                "--pipeline", "build-901", "--idempotency-key", "cart-1.5.1", "-o", "json");
        String id = startedId(started);
        JsonNode created = Api.JSON.readTree(started.out());
        assertThat(created.path("version").asText()).isEqualTo("1.5.1");
        awaitState(id, "baking");

        var status = cli(VIEWER_TOKEN, "release", "status", id, "--history");
        assertThat(status.code()).isEqualTo(0);
        assertThat(status.out()).startsWith("release " + id + "  cart 1.5.1 → production")
                .contains("state    baking").contains("stage    canary-1 (applied: canary-1)").contains("history:").contains(" gate ");

        var forbidden = cli(CI_TOKEN, "release", "pause", id, "--reason", "ci may not");
        assertThat(forbidden.code()).isEqualTo(1);
        assertThat(forbidden.err()).startsWith("tollgate: forbidden (403)");

        var paused = cli(RELEASE_MANAGER_TOKEN, "release", "pause", id, "--reason", "looking at the dashboards");
        assertThat(paused.code()).as(paused.toString()).isEqualTo(0);
        assertThat(paused.out()).contains("state    halted").contains("reason   pause: looking at the dashboards");

        var again = cli(RELEASE_MANAGER_TOKEN, "release", "pause", id, "--reason", "twice");
        assertThat(again.code()).isEqualTo(1);
        assertThat(again.err()).startsWith("tollgate: cannot pause release " + id + " in state halted");

        var halted = cli(VIEWER_TOKEN, "release", "wait", id, "--timeout", "5s");
        assertThat(halted.code()).as("halted waits for a person: not promoted").isEqualTo(1);

        assertThat(cli(RELEASE_MANAGER_TOKEN, "release", "resume", id, "--reason", "dashboards fine").code()).isEqualTo(0);
        awaitState(id, "baking");
        assertThat(cli(RELEASE_MANAGER_TOKEN, "release", "promote", id, "--reason", "canary-1 looks good").code()).isEqualTo(0);

        var waited = cli(VIEWER_TOKEN, "release", "wait", id, "--timeout", "30s", "--poll-interval", "100ms");
        assertThat(waited.code()).as(waited.toString()).isEqualTo(0);
        assertThat(waited.out()).contains("state    promoted");
        assertThat(waited.err()).contains("release " + id + ": promoted at stage full");

        var rolledBack = cli(RELEASE_MANAGER_TOKEN, "release", "rollback", id, "--reason", "customer reports", "-o", "json");
        assertThat(rolledBack.code()).isEqualTo(0);
        assertThat(Api.JSON.readTree(rolledBack.out()).path("state").asText()).isEqualTo("rolled_back");
        assertThat(cli(VIEWER_TOKEN, "release", "wait", id).code()).isEqualTo(1);

        var listed = cli(VIEWER_TOKEN, "release", "list", "--service", "cart");
        assertThat(listed.out()).contains(id).contains("rolled_back");
    }

    @Test
    void wait_exits_2_while_the_release_still_runs_and_abort_ends_it() throws Exception {
        String id = startedId(cli(CI_TOKEN, "release", "start", "-f", requestFile("wishlist", "1h").toString(), "-o", "json"));

        var running = cli(VIEWER_TOKEN, "release", "wait", id, "--timeout", "700ms", "--poll-interval", "200ms");
        assertThat(running.code()).as(running.toString()).isEqualTo(2);

        var aborted = cli(RELEASE_MANAGER_TOKEN, "release", "abort", id, "--reason", "wrong build");
        assertThat(aborted.code()).isEqualTo(0);
        assertThat(aborted.out()).contains("state    aborted");
        assertThat(cli(VIEWER_TOKEN, "release", "wait", id).code()).isEqualTo(1);
    }

    @Test
    void bad_requests_and_unknown_ids_name_the_problem() throws Exception {
        var unknown = cli(VIEWER_TOKEN, "release", "status", "00000000-0000-0000-0000-000000000000");
        assertThat(unknown.code()).isEqualTo(1);
        assertThat(unknown.err()).startsWith("tollgate: refused (404): not_found");

        var badProvider = cli(CI_TOKEN, "release", "start", "-f", requestFile("basket", "1s").toString(), "--strategy", "no-such");
        assertThat(badProvider.code()).isEqualTo(3);
        assertThat(badProvider.err()).startsWith("tollgate: rejected (400): invalid_value strategy: no strategy named \"no-such\"");

        var missingFile = cli(CI_TOKEN, "release", "start", "-f", dir.resolve("nope.json").toString());
        assertThat(missingFile.code()).isEqualTo(3);
        assertThat(missingFile.err()).startsWith("tollgate: --file: cannot read");

        var noReason = cli(RELEASE_MANAGER_TOKEN, "release", "abort", "x");
        assertThat(noReason.code()).isEqualTo(3);
        assertThat(noReason.err()).contains("Missing required option: '--reason=<reason>'");
    }
}
