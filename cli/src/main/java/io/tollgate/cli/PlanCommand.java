package io.tollgate.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code tollgate plan …}: release plans, several releases in dependency order (docs/releases.md#release-plans). */
@Command(name = "plan", description = "Start, follow and steer release plans: several releases in dependency order.",
        subcommands = {PlanCommand.Start.class, PlanCommand.Status.class, PlanCommand.ListPlans.class, PlanCommand.Pause.class,
                PlanCommand.Resume.class, PlanCommand.Abort.class, PlanCommand.Rollback.class})
final class PlanCommand extends CommandGroup {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    /** States a plan stays in until something happens. */
    private static final Set<String> SETTLED = Set.of("completed", "rolled_back", "failed", "aborted", "halted");

    /** Exit code of a settled plan: 0 completed, 2 halted (a human decides), 1 any other end. */
    static int exitCode(String state) {
        return switch (state) {
            case "completed" -> ExitCode.OK;
            case "halted" -> ExitCode.HOLD;
            default -> ExitCode.DENIED;
        };
    }

    /** A plan in a few lines: its state and reason, then one line per release. */
    static void render(java.io.PrintWriter out, JsonNode p) {
        out.printf("plan %s  %s → %s%s%n", p.path("id").asText(), p.path("name").asText(), p.path("environment").asText(),
                p.path("dryRun").asBoolean(false) ? "  (dry run)" : "");
        out.printf("  state    %s%s%n", p.path("state").asText(), p.hasNonNull("onFailure") ? " (on_failure " + p.path("onFailure").asText() + ")" : "");
        if (p.hasNonNull("reason")) {
            out.printf("  reason   %s: %s%n", p.path("reason").path("code").asText(), Api.oneLine(p.path("reason").path("message").asText()));
        }
        for (JsonNode r : p.path("releases")) {
            out.printf("  %-16s %-12s %-10s %s%s%n", r.path("key").asText(), r.path("state").asText(), r.path("stage").asText(""),
                    r.path("releaseId").asText(""), r.hasNonNull("compensation") ? "  compensation " + r.path("compensation").asText() : "");
        }
    }

    /** {@code plan start -f plan.yaml [--wait]}: POST /v1/release-plans, and with --wait follow it until it settles. */
    @Command(name = "start", sortOptions = false, description = {"Start a release plan from a file (YAML or JSON, the body of",
            "POST /v1/release-plans). Exit 0 created (with --wait: completed), 1 rolled back, failed or aborted,",
            "2 halted (or still running at --timeout), 3 error."})
    static final class Start extends CliCommand {
        @Option(names = {"-f", "--file"}, required = true, paramLabel = "FILE", description = "the plan as YAML or JSON ('-' reads stdin)")
        String file;
        @Option(names = "--dry-run", description = "every release a dry run: every gate checked, no adapter called") boolean dryRun;
        @Option(names = "--idempotency-key", paramLabel = "KEY", description = "same key and body: the same plan, not a second")
        String idempotencyKey;
        @Option(names = "--wait", description = "follow the plan until it completes, rolls back, fails, is aborted or halts") boolean await;
        @Option(names = "--timeout", paramLabel = "DURATION", description = "with --wait: give up after DURATION (default 2h)") String timeout;
        @Option(names = "--poll-interval", paramLabel = "DURATION", description = "with --wait: pause between looks (default 2s)")
        String pollInterval;

        @Override
        protected int execute() {
            JsonNode body = read();
            if (dryRun) {
                ((com.fasterxml.jackson.databind.node.ObjectNode) body).put("dryRun", true);
            }
            var headers = new HashMap<String, String>();
            if (idempotencyKey != null) {
                headers.put("Idempotency-Key", idempotencyKey);
            }
            Duration limit = timeout == null ? Duration.ofHours(2) : Durations.parse("--timeout", timeout);
            Duration every = pollInterval == null ? Duration.ofSeconds(2) : Durations.parse("--poll-interval", pollInterval);
            if (every.isZero()) {
                throw CliFailure.usage("--poll-interval: must be more than 0");
            }
            Api api = api();
            JsonNode plan = api.expectOk(api.postJson("/v1/release-plans", body, headers)).json();
            if (!await) {
                print(plan);
                return ExitCode.OK;
            }
            String id = plan.path("id").asText();
            long deadline = System.nanoTime() + limit.toNanos();
            String lastSeen = null;
            while (true) {
                plan = api.expectOk(api.get("/v1/release-plans/" + Api.enc(id), Map.of())).json();
                String state = plan.path("state").asText();
                var seen = new StringBuilder(state);
                plan.path("releases").forEach(r -> seen.append(' ').append(r.path("key").asText()).append('=').append(r.path("state").asText()));
                if (!seen.toString().equals(lastSeen)) {
                    progress("plan " + id + ": " + seen);
                    lastSeen = seen.toString();
                }
                long left = deadline - System.nanoTime();
                if (SETTLED.contains(state) || left <= 0) {
                    print(plan);
                    return SETTLED.contains(state) ? exitCode(state) : ExitCode.HOLD;
                }
                pause(Math.min(left / 1_000_000, every.toMillis()));
            }
        }

        private void print(JsonNode plan) {
            if (json()) {
                printJson(plan);
            } else {
                render(out(), plan);
            }
        }

        private JsonNode read() {
            try {
                byte[] bytes = file.equals("-") ? System.in.readAllBytes() : Files.readAllBytes(Path.of(file));
                JsonNode node = YAML.readTree(bytes);
                if (node == null || !node.isObject()) {
                    throw CliFailure.usage("--file: " + file + " must hold a YAML or JSON object (the plan)");
                }
                // YAML numbers and strings read as JSON's: the server validates every field.
                return Api.JSON.readTree(Api.JSON.writeValueAsBytes(node));
            } catch (IOException e) {
                throw CliFailure.usage("--file: cannot read " + file + ": " + Api.oneLine(String.valueOf(e.getMessage())));
            }
        }
    }

    /** {@code plan status ID [--history]}. */
    @Command(name = "status", description = "Show a plan: state, reason, each release's state; exit 0.")
    static final class Status extends CliCommand {
        @Parameters(paramLabel = "ID", description = "the plan id")
        String id;
        @Option(names = "--history", description = "also print every history line (transitions, starts, compensation steps)")
        boolean history;

        @Override
        protected int execute() {
            Api api = api();
            JsonNode plan = api.expectOk(api.get("/v1/release-plans/" + Api.enc(id), Map.of())).json();
            if (json()) {
                printJson(plan);
            } else {
                render(out(), plan);
                if (history) {
                    out().println("  history:");
                    Render.history(out(), plan.path("history"));
                }
            }
            return ExitCode.OK;
        }
    }

    /** {@code plan list [--state] [--limit]}. */
    @Command(name = "list", description = "List plans, newest first.")
    static final class ListPlans extends CliCommand {
        @Option(names = "--state", description = "pending, running, completed, halted, rolling_back, rolled_back, failed, aborted")
        String state;
        @Option(names = "--limit") Integer limit;

        @Override
        protected int execute() {
            Api api = api();
            var query = new LinkedHashMap<String, String>();
            query.put("state", state);
            query.put("limit", limit == null ? null : limit.toString());
            JsonNode page = api.expectOk(api.get("/v1/release-plans", query)).json();
            if (json()) {
                printJson(page);
            } else {
                for (JsonNode p : page.path("items")) {
                    out().printf("%s  %-12s %s → %s  %d releases%n", p.path("id").asText(), p.path("state").asText(), p.path("name").asText(),
                            p.path("environment").asText(), p.path("releases").size());
                }
            }
            return ExitCode.OK;
        }
    }

    /** A control action on a plan with a reason. */
    abstract static class Control extends ControlCommand {
        @Override
        String resource() {
            return "/v1/release-plans/";
        }

        @Override
        String noun() {
            return "plan";
        }

        @Override
        void render(JsonNode plan) {
            PlanCommand.render(out(), plan);
        }
    }

    @Command(name = "pause", description = "Halt a plan: no release starts, its running releases are paused.")
    static final class Pause extends Control {
        String action() {
            return "pause";
        }
    }

    @Command(name = "resume", description = "Resume a halted plan: its halted releases gate their stage again, the plan goes on.")
    static final class Resume extends Control {
        String action() {
            return "resume";
        }
    }

    @Command(name = "abort", description = "Abort a plan: no release starts, every release not final is aborted.")
    static final class Abort extends Control {
        String action() {
            return "abort";
        }
    }

    @Command(name = "rollback", description = "Compensate: roll back every started release, dependents first, each reset verified.")
    static final class Rollback extends Control {
        String action() {
            return "rollback";
        }
    }
}
