package io.tollgate.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code tollgate check}: one gate check, exit 0 allow, 1 deny, 2 hold. With {@code --wait} a hold is asked again
 * with growing pauses (each ask is a new, recorded decision) until it turns into allow or deny or the wait runs out.
 */
@Command(name = "check", sortOptions = false,
        description = {"Ask the gate whether SERVICE VERSION may move to STAGE in ENVIRONMENT.",
                "Exit 0 allow, 1 deny, 2 hold (after --wait ran out), 3 usage or connection error."})
final class CheckCommand extends CliCommand {
    // Every option falls back to a TOLLGATE_* variable (docs/cli.md), so a CI template only sets variables.
    @Option(names = "--service", description = "the service, e.g. checkout (else $TOLLGATE_SERVICE)")
    String service;
    @Option(names = "--version", description = "the version being released, e.g. 1.4.2 (else $TOLLGATE_VERSION)")
    String version;
    @Option(names = "--environment", description = "development, staging, production, … (else $TOLLGATE_ENVIRONMENT)")
    String environment;
    @Option(names = "--stage", description = "the stage to enter, e.g. canary-5 (else $TOLLGATE_STAGE)")
    String stage;
    @Option(names = "--previous-stage", description = "the stage rolled out now; omit when nothing is (else $TOLLGATE_PREVIOUS_STAGE)")
    String previousStage;
    @Option(names = "--commit", description = "the change's commit (else $TOLLGATE_COMMIT)")
    String commit;
    @Option(names = "--pipeline", description = "the pipeline or build id (else $TOLLGATE_PIPELINE)")
    String pipeline;
    @Option(names = "--author", description = "the change's author (else $TOLLGATE_AUTHOR)")
    String author;
    @Option(names = "--approval", paramLabel = "NAME", description = "an approver; repeat for more (else $TOLLGATE_APPROVALS, comma separated)")
    List<String> approvals = new ArrayList<>();
    @Option(names = "--label", paramLabel = "LABEL",
            description = "a change label (emergency, security-fix, …); repeat for more (else $TOLLGATE_LABELS, comma separated)")
    List<String> labels = new ArrayList<>();
    @Option(names = "--dry-run", description = "evaluate and record as a dry run")
    boolean dryRun;
    @Option(names = "--wait", paramLabel = "DURATION",
            description = "on hold, ask again until allow/deny or DURATION passed, e.g. 10m (else $TOLLGATE_WAIT)")
    String wait;
    @Option(names = "--poll-interval", paramLabel = "DURATION",
            description = "first pause between asks while on hold (default 2s; doubles, at most 30s)")
    String pollInterval;
    @Option(names = "--result-file", paramLabel = "FILE",
            description = "also write outcome=, decisionId= and message= lines to FILE (for CI steps), errors included")
    Path resultFile;

    @Override
    protected int execute() {
        try {
            return check();
        } catch (CliFailure f) {
            writeResult("error", "", root().redact(f.getMessage()));
            throw f;
        }
    }

    private int check() {
        var env = root().env();
        wait = wait != null ? wait : blankToNull(env.get("TOLLGATE_WAIT"));
        Duration waitFor = wait == null ? Duration.ZERO : Durations.parse("--wait", wait);
        Duration pauseFor = pollInterval == null ? Duration.ofSeconds(2) : Durations.parse("--poll-interval", pollInterval);
        if (pauseFor.isZero()) {
            throw CliFailure.usage("--poll-interval: must be more than 0");
        }
        ObjectNode body = body();
        Api api = api();
        long deadline = System.nanoTime() + waitFor.toNanos();
        int asks = 0;
        while (true) {
            asks++;
            var r = api.postJson("/v1/gates/check", body, Map.of());
            long left = deadline - System.nanoTime();
            if (r.status() == 503 && left > 0) {
                // Nothing was decided or recorded (audit log unavailable): worth asking again within --wait.
                long retry = Math.min(left, retryAfterMillis(r, pauseFor));
                progress("tollgate: " + Api.describe(r) + "; asking again in " + Durations.format(Duration.ofMillis(retry)));
                pause(retry);
                continue;
            }
            JsonNode d = api.expectOk(r).json();
            String outcome = d == null ? "" : d.path("outcome").asText();
            if (!outcome.equals("allow") && !outcome.equals("deny") && !outcome.equals("hold")) {
                throw CliFailure.usage("unexpected answer from " + api.shownBase() + ": no outcome in " + Api.describe(r));
            }
            if (outcome.equals("hold") && left > 0) {
                long next = Math.min(left, pauseFor.toMillis());
                progress("hold (" + Render.codes(d.path("reasons")) + "), decision " + d.path("decisionId").asText()
                        + "; asking again in " + Durations.format(Duration.ofMillis(next))
                        + " (" + Durations.format(Duration.ofNanos(left)) + " left)");
                pause(next);
                pauseFor = Duration.ofMillis(Math.min(Math.max(30_000, pauseFor.toMillis()), pauseFor.toMillis() * 2));
                continue;
            }
            print(d, asks);
            writeResult(outcome, d.path("decisionId").asText(), Render.codes(d.path("reasons")));
            return switch (outcome) {
                case "allow" -> ExitCode.OK;
                case "deny" -> ExitCode.DENIED;
                default -> ExitCode.HOLD;
            };
        }
    }

    private void print(JsonNode d, int asks) {
        if (json()) {
            printJson(d);
            return;
        }
        Render.decision(out(), d);
        if (d.path("outcome").asText().equals("hold")) {
            out().println(wait == null ? "still on hold: ask again later, or pass --wait 10m"
                    : "still on hold after " + wait + " (" + asks + " checks)");
        }
    }

    private ObjectNode body() {
        var env = root().env();
        ObjectNode b = Api.JSON.createObjectNode();
        b.put("service", required(service, env, "--service", "TOLLGATE_SERVICE"));
        b.put("version", required(version, env, "--version", "TOLLGATE_VERSION"));
        b.put("environment", required(environment, env, "--environment", "TOLLGATE_ENVIRONMENT"));
        b.put("stage", required(stage, env, "--stage", "TOLLGATE_STAGE"));
        String previous = previousStage != null ? previousStage : blankToNull(env.get("TOLLGATE_PREVIOUS_STAGE"));
        if (previous != null) {
            b.put("previousStage", previous);
        }
        ObjectNode change = b.putObject("change");
        change.put("commit", required(commit, env, "--commit", "TOLLGATE_COMMIT"));
        change.put("pipeline", required(pipeline, env, "--pipeline", "TOLLGATE_PIPELINE"));
        change.put("author", required(author, env, "--author", "TOLLGATE_AUTHOR"));
        (approvals.isEmpty() ? list(env.get("TOLLGATE_APPROVALS")) : approvals).forEach(change.putArray("approvals")::add);
        (labels.isEmpty() ? list(env.get("TOLLGATE_LABELS")) : labels).forEach(change.putArray("labels")::add);
        if (dryRun) {
            b.put("dryRun", true);
        }
        return b;
    }

    /** {@code "lee, kim"} → {@code [lee, kim]}: commas and spaces separate, empty items are dropped. */
    static List<String> list(String text) {
        if (text == null) {
            return List.of();
        }
        return java.util.Arrays.stream(text.split("[,\\s]+")).filter(x -> !x.isEmpty()).toList();
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    /** The outcome for a CI step to read back, whatever happened; a file that cannot be written is an error. */
    private void writeResult(String outcome, String decisionId, String message) {
        if (resultFile == null) {
            return;
        }
        String text = "outcome=" + outcome + "\ndecisionId=" + decisionId + "\nmessage=" + Api.oneLine(message) + "\n";
        try {
            Files.writeString(resultFile, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw CliFailure.usage("--result-file: cannot write " + resultFile + " (" + e.getClass().getSimpleName() + ")");
        }
    }

    static String required(String option, Map<String, String> env, String name, String variable) {
        String v = option != null ? option : env.get(variable);
        if (v == null || v.isBlank()) {
            throw CliFailure.usage("missing " + name + " (or $" + variable + ")");
        }
        return v;
    }

    private static long retryAfterMillis(Api.Response r, Duration fallback) {
        try {
            String h = r.header("Retry-After");
            return h == null ? fallback.toMillis() : Math.max(100, Long.parseLong(h.strip()) * 1000);
        } catch (NumberFormatException e) {
            return fallback.toMillis();
        }
    }
}
