package io.tollgate.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code tollgate release …}: hand a rollout to Tollgate and steer it (docs/releases.md). */
@Command(name = "release", description = "Start, follow and steer releases Tollgate drives (docs/releases.md).",
        subcommands = {ReleaseCommand.Start.class, ReleaseCommand.Status.class, ReleaseWait.class,
                ReleaseControl.Pause.class, ReleaseControl.Resume.class, ReleaseControl.Promote.class,
                ReleaseControl.Abort.class, ReleaseControl.Rollback.class, ReleaseCommand.ListReleases.class})
final class ReleaseCommand extends CommandGroup {

    /** {@code release start -f release.json [overrides]}: POST /v1/releases. */
    @Command(name = "start", sortOptions = false, description = {"Start a release from a request file (the body of POST /v1/releases),",
            "with the options below replacing the file's fields. Prints the release; exit 0 when created."})
    static final class Start extends CliCommand {
        @Option(names = {"-f", "--file"}, required = true, paramLabel = "FILE", description = "the release request as JSON ('-' reads stdin)")
        String file;
        @Option(names = "--service") String service;
        @Option(names = "--version", description = "the version being released") String version;
        @Option(names = "--environment") String environment;
        @Option(names = "--strategy", description = "a strategy name from the server's strategies file") String strategy;
        @Option(names = "--commit") String commit;
        @Option(names = "--pipeline") String pipeline;
        @Option(names = "--author") String author;
        @Option(names = "--approval", paramLabel = "NAME", description = "an approver; repeat for more (replaces the file's)")
        List<String> approvals = new ArrayList<>();
        @Option(names = "--dry-run", description = "walk the plan with gate checks, touch no adapter") boolean dryRun;
        @Option(names = "--idempotency-key", paramLabel = "KEY", description = "same key and body: the same release, not a second")
        String idempotencyKey;

        @Override
        protected int execute() {
            ObjectNode body = read();
            put(body, "service", service);
            put(body, "version", version);
            put(body, "environment", environment);
            put(body, "strategy", strategy);
            if (commit != null || pipeline != null || author != null || !approvals.isEmpty()) {
                ObjectNode change = body.path("change").isObject() ? (ObjectNode) body.get("change") : body.putObject("change");
                put(change, "commit", commit);
                put(change, "pipeline", pipeline);
                put(change, "author", author);
                if (!approvals.isEmpty()) {
                    approvals.forEach(change.putArray("approvals")::add);
                }
            }
            if (dryRun) {
                body.put("dryRun", true);
            }
            var headers = new HashMap<String, String>();
            if (idempotencyKey != null) {
                headers.put("Idempotency-Key", idempotencyKey);
            }
            Api api = api();
            JsonNode release = api.expectOk(api.postJson("/v1/releases", body, headers)).json();
            if (json()) {
                printJson(release);
            } else {
                Render.release(out(), release);
            }
            return ExitCode.OK;
        }

        private ObjectNode read() {
            try {
                byte[] bytes;
                if (file.equals("-")) {
                    InputStream in = System.in;
                    bytes = in.readAllBytes();
                } else {
                    bytes = Files.readAllBytes(Path.of(file));
                }
                JsonNode node = Api.JSON.readTree(bytes);
                if (node == null || !node.isObject()) {
                    throw CliFailure.usage("--file: " + file + " must hold a JSON object");
                }
                return (ObjectNode) node;
            } catch (IOException e) {
                throw CliFailure.usage("--file: cannot read " + file + ": " + Api.oneLine(String.valueOf(e.getMessage())));
            }
        }

        private static void put(ObjectNode node, String field, String value) {
            if (value != null) {
                node.put(field, value);
            }
        }
    }

    /** {@code release status ID [--history]}. */
    @Command(name = "status", description = "Show a release: state, stage, desired vs observed flag and weight, reason.")
    static final class Status extends CliCommand {
        @Parameters(paramLabel = "ID", description = "the release id")
        String id;
        @Option(names = "--history", description = "also print every history line (gates, adapter actions, transitions)")
        boolean history;

        @Override
        protected int execute() {
            Api api = api();
            JsonNode release = api.expectOk(api.get("/v1/releases/" + Api.enc(id), Map.of())).json();
            if (json()) {
                printJson(release);
            } else {
                Render.release(out(), release);
                if (history) {
                    out().println("  history:");
                    Render.history(out(), release.path("history"));
                }
            }
            return ExitCode.OK;
        }
    }

    /** {@code release list [--service] [--state] [--limit]}. */
    @Command(name = "list", description = "List releases, newest first.")
    static final class ListReleases extends CliCommand {
        @Option(names = "--service") String service;
        @Option(names = "--state", description = "pending, gating, applying, baking, halted, promoted, rolled_back, aborted, failed")
        String state;
        @Option(names = "--limit") Integer limit;

        @Override
        protected int execute() {
            Api api = api();
            var query = new java.util.LinkedHashMap<String, String>();
            query.put("service", service);
            query.put("state", state);
            query.put("limit", limit == null ? null : limit.toString());
            JsonNode page = api.expectOk(api.get("/v1/releases", query)).json();
            if (json()) {
                printJson(page);
            } else {
                for (JsonNode r : page.path("items")) {
                    out().printf("%s  %-11s %s %s → %s  stage %s%n", r.path("id").asText(), r.path("state").asText(),
                            r.path("service").asText(), r.path("version").asText(), r.path("environment").asText(), r.path("stage").asText());
                }
            }
            return ExitCode.OK;
        }
    }
}
