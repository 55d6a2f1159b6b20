package io.tollgate.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code release wait ID}: follows a release until it settles. Exit 0 promoted; 1 rolled back, aborted, failed, or
 * halted (it waits for a release manager); 2 still running when {@code --timeout} ran out.
 */
@Command(name = "wait", description = {"Wait until a release is promoted, rolled back, aborted, failed or halted.",
        "Exit 0 promoted, 1 any other end (halted included), 2 still running after --timeout."})
final class ReleaseWait extends CliCommand {
    private static final Set<String> SETTLED = Set.of("promoted", "rolled_back", "aborted", "failed", "halted");

    @Parameters(paramLabel = "ID", description = "the release id")
    String id;
    @Option(names = "--timeout", paramLabel = "DURATION", description = "give up after DURATION (default 30m)")
    String timeout;
    @Option(names = "--poll-interval", paramLabel = "DURATION", description = "pause between looks (default 2s)")
    String pollInterval;

    @Override
    protected int execute() {
        Duration limit = timeout == null ? Duration.ofMinutes(30) : Durations.parse("--timeout", timeout);
        Duration every = pollInterval == null ? Duration.ofSeconds(2) : Durations.parse("--poll-interval", pollInterval);
        if (every.isZero()) {
            throw CliFailure.usage("--poll-interval: must be more than 0");
        }
        Api api = api();
        long deadline = System.nanoTime() + limit.toNanos();
        String lastSeen = null;
        while (true) {
            JsonNode r = api.expectOk(api.get("/v1/releases/" + Api.enc(id), Map.of())).json();
            String state = r.path("state").asText();
            String seen = state + "/" + r.path("stage").asText();
            if (!seen.equals(lastSeen)) {
                progress("release " + id + ": " + state + " at stage " + r.path("stage").asText());
                lastSeen = seen;
            }
            long left = deadline - System.nanoTime();
            if (SETTLED.contains(state) || left <= 0) {
                if (json()) {
                    printJson(r);
                } else {
                    Render.release(out(), r);
                }
                if (state.equals("promoted")) {
                    return ExitCode.OK;
                }
                return SETTLED.contains(state) ? ExitCode.DENIED : ExitCode.HOLD;
            }
            pause(Math.min(left / 1_000_000, every.toMillis()));
        }
    }
}
