package io.tollgate;

import io.tollgate.testsupport.Eventually;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import io.tollgate.support.TollgateProcess;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real Tollgate processes on one embedded data directory, as an operator meets them: a second instance is
 * refused with one line naming the first; after {@code kill -9} of the first (its PostgreSQL lives on as an
 * orphan) the next start stops the orphan, comes up and still has the decision.
 */
@Tag("live")
@Timeout(300)
class CrashRecoveryProcessTest {

    @TempDir
    Path dir;
    private final List<TollgateProcess> children = new ArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void a_second_instance_is_refused_and_a_killed_one_is_recovered_with_its_records() throws Exception {
        Path stateDir = dir.resolve("state");
        Path dataDir = stateDir.resolve("postgres");
        var first = start(stateDir);
        first.awaitListening(TollgateProcess.START_DEADLINE, true);
        String decisionId = check(first);

        var second = start(stateDir);
        assertThat(second.process().waitFor(TollgateProcess.START_DEADLINE.toSeconds(), TimeUnit.SECONDS)).as("second instance exits by itself").isTrue();
        assertThat(second.process().exitValue()).as(second.err()).isEqualTo(Main.CANNOT_START);
        assertThat(second.err().lines().filter(l -> l.startsWith("tollgate: ")).toList()).as(second.err()).singleElement().asString()
                .startsWith("tollgate: cannot start: data directory " + dataDir + " is in use by another Tollgate (pid "
                        + first.process().pid() + ")");
        assertThat(second.out()).doesNotContain("listening", "token");
        assertThat(second.err()).doesNotContain("\tat ", "\\tat ");

        first.process().destroyForcibly(); // SIGKILL: no shutdown hook, PostgreSQL keeps running
        assertThat(first.process().waitFor(30, TimeUnit.SECONDS)).isTrue();
        long orphan = Long.parseLong(Files.readAllLines(dataDir.resolve("postmaster.pid")).get(0).trim());
        assertThat(ProcessHandle.of(orphan)).as("the orphaned postmaster still runs").isPresent();

        var third = start(stateDir);
        third.awaitListening(TollgateProcess.START_DEADLINE, true);
        var stored = http.send(HttpRequest.newBuilder(URI.create(third.baseUrl() + "/v1/decisions/" + decisionId))
                .header("Authorization", "Bearer " + third.devToken()).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(stored.statusCode()).as(stored.body()).isEqualTo(200);
        assertThat(stored.body()).contains(decisionId);
        assertThat(third.err()).contains("orphaned embedded PostgreSQL (pid " + orphan + ")");
        assertThat(check(third)).isNotEqualTo(decisionId);

        third.process().destroy(); // SIGTERM: orderly shutdown stops PostgreSQL
        assertThat(third.process().waitFor(60, TimeUnit.SECONDS)).isTrue();
        Eventually.await("PostgreSQL stopped with the service (postmaster.pid gone)", Duration.ofSeconds(20), Duration.ofMillis(100),
                () -> Files.exists(dataDir.resolve("postmaster.pid")), exists -> !exists);
        assertThat(dataDir.resolve("postmaster.pid")).as("PostgreSQL stopped with the service").doesNotExist();
        // The orderly shutdown published a last checkpoint while the database was still up.
        var checkpoints = Files.readAllLines(stateDir.resolve("audit-checkpoints.jsonl"));
        assertThat(checkpoints).isNotEmpty();
        assertThat(checkpoints.getLast()).contains("\"seq\":2");
    }

    private String check(TollgateProcess child) throws Exception {
        var response = http.send(HttpRequest.newBuilder(URI.create(child.baseUrl() + "/v1/gates/check"))
                .header("Authorization", "Bearer " + child.devToken()).header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(10)).POST(HttpRequest.BodyPublishers.ofString(TollgateProcess.STAGING_CHECK)).build(), HttpResponse.BodyHandlers.ofString());
        Matcher id = Pattern.compile("\"decisionId\"\\s*:\\s*\"([^\"]+)\"").matcher(response.body());
        assertThat(id.find()).as(response.statusCode() + " " + response.body()).isTrue();
        return id.group(1);
    }

    private TollgateProcess start(Path stateDir) {
        // The audit key and checkpoints (.data/ by default) land in the temp dir.
        var child = TollgateProcess.start(dir, Map.of("TOLLGATE_HTTP_PORT", "0", "TOLLGATE_DATA_DIR", stateDir.toString()));
        children.add(child);
        return child;
    }

    /** Leaves nothing running, whatever failed: the children, then any postmaster still on the data directory. */
    @AfterEach
    void stopEverything() throws Exception {
        children.forEach(TollgateProcess::destroy);
        Path pidFile = dir.resolve("postgres").resolve("postmaster.pid");
        if (Files.exists(pidFile)) {
            long pid = Long.parseLong(Files.readAllLines(pidFile).get(0).trim());
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroy);
        }
    }
}
