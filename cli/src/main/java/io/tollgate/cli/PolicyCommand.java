package io.tollgate.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code tollgate policy replay BUNDLE}: shadow-test a candidate policy on recorded decisions through
 * {@code POST /v1/policies/replay} (issue 10; the server side is not built yet, {@code PolicyReplayContractTest} pins
 * the request). The bundle travels as the raw body ({@code application/gzip}), the filter as query parameters.
 */
@Command(name = "policy", description = "Policy what-if.", subcommands = PolicyCommand.Replay.class)
final class PolicyCommand extends CommandGroup {
    static final int MAX_LIMIT = 100_000;

    @Command(name = "replay", description = {"Re-evaluate recorded decisions under a candidate bundle (opa build -t wasm).",
            "Prints how many would change, from what to what, and each changed decision with both reason lists.",
            "Exit 0 (1 with --fail-on-change when any decision would change)."})
    static final class Replay extends CliCommand {
        @Parameters(paramLabel = "BUNDLE", description = "the candidate bundle.tar.gz") Path bundle;
        @Option(names = "--since", paramLabel = "TIME", description = "RFC 3339 time or a duration back from now (7d); default: all")
        String since;
        @Option(names = "--service", description = "only this service's decisions") String service;
        @Option(names = "--limit", description = "at most this many decisions (1-100000, default: the server's)") Integer limit;
        @Option(names = "--fail-on-change", description = "exit 1 when any decision would change") boolean failOnChange;

        @Override
        protected int execute() {
            if (limit != null && (limit < 1 || limit > MAX_LIMIT)) {
                throw CliFailure.usage("--limit: must be 1-" + MAX_LIMIT + ", got " + limit);
            }
            byte[] bytes = read();
            var query = new LinkedHashMap<String, String>();
            query.put("service", service);
            query.put("since", since == null ? null : Durations.since("--since", since, root().clock().instant()).toString());
            query.put("limit", limit == null ? null : limit.toString());
            Api api = api();
            JsonNode result = api.expectOk(api.postBytes("/v1/policies/replay", query, bytes, "application/gzip")).json();
            if (result == null) {
                throw CliFailure.usage("unexpected answer from " + api.shownBase() + ": not JSON");
            }
            long changed = result.path("changed").asLong(0);
            if (json()) {
                printJson(result);
            } else {
                print(result);
            }
            return failOnChange && changed > 0 ? ExitCode.DENIED : ExitCode.OK;
        }

        /** The server's answer (docs/api.md, "POST /v1/policies/replay") as a readable block. */
        private void print(JsonNode r) {
            out().printf("%s of %s decisions would change under %s (candidate revision %s)%n", r.path("changed").asText("0"),
                    r.path("evaluated").asText("?"), bundle.getFileName(), r.path("candidateRevision").asText("?"));
            r.path("transitions").fields().forEachRemaining(t ->
                    out().printf("  %s: %s%n", t.getKey().replace("->", " → "), t.getValue().asText()));
            if (r.path("recordedUnavailable").asLong(0) > 0) {
                out().printf("  not compared: %s decisions recorded as policy_unavailable%n", r.path("recordedUnavailable").asText());
            }
            if (!r.path("complete").asBoolean(true)) {
                out().println("  incomplete: " + r.path("incomplete").asText());
            }
            for (JsonNode d : r.path("changes")) {
                out().printf("%s  %s %s → %s/%s: %s → %s%n", d.path("decisionId").asText(), d.path("service").asText(),
                        d.path("version").asText(), d.path("environment").asText(), d.path("stage").asText(),
                        d.path("before").path("outcome").asText(), d.path("after").path("outcome").asText());
                out().println("  recorded:");
                Render.reasons(out(), d.path("before").path("reasons"), "    ");
                out().println("  candidate:");
                Render.reasons(out(), d.path("after").path("reasons"), "    ");
            }
            if (r.path("changesTruncated").asBoolean(false)) {
                out().println("(more changed decisions than listed; use -o json or a narrower --since/--service)");
            }
        }

        private byte[] read() {
            byte[] bytes;
            try {
                bytes = Files.readAllBytes(bundle);
            } catch (IOException e) {
                throw CliFailure.usage("BUNDLE: cannot read " + bundle + " (" + e.getClass().getSimpleName() + ")");
            }
            // gzip magic: catches a .rego file or the wrong path before anything is sent.
            if (bytes.length < 2 || (bytes[0] & 0xff) != 0x1f || (bytes[1] & 0xff) != 0x8b) {
                throw CliFailure.usage("BUNDLE: " + bundle + " is not a gzip tarball (build one with: opa build -t wasm -e tollgate/decision policies/)");
            }
            return bytes;
        }
    }
}
