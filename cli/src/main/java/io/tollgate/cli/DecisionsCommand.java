package io.tollgate.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code tollgate decisions list|show}: the recorded gate decisions. */
@Command(name = "decisions", description = "List and show recorded gate decisions.",
        subcommands = {DecisionsCommand.ListDecisions.class, DecisionsCommand.Show.class})
final class DecisionsCommand extends CommandGroup {

    @Command(name = "list", description = "Decisions newest first; --all follows every page.")
    static final class ListDecisions extends CliCommand {
        @Option(names = "--service") String service;
        @Option(names = "--outcome", description = "allow, deny or hold") String outcome;
        @Option(names = "--since", paramLabel = "TIME", description = "an RFC 3339 time, or a duration back from now (7d, 12h)")
        String since;
        @Option(names = "--limit", description = "per page, 1-500 (default 50)") Integer limit;
        @Option(names = "--cursor", description = "nextCursor of an earlier page") String cursor;
        @Option(names = "--all", description = "follow nextCursor to the last page (at most 10,000 decisions)") boolean all;

        @Override
        protected int execute() {
            Api api = api();
            var query = new LinkedHashMap<String, String>();
            query.put("service", service);
            query.put("outcome", outcome);
            query.put("since", since == null ? null : Durations.since("--since", since, root().clock().instant()).toString());
            query.put("limit", limit == null ? null : limit.toString());
            query.put("cursor", cursor);
            var items = Api.JSON.createArrayNode();
            JsonNode page;
            do {
                page = api.expectOk(api.get("/v1/decisions", query)).json();
                page.path("items").forEach(items::add);
                query.put("cursor", page.path("nextCursor").isNull() ? null : page.path("nextCursor").asText(null));
            } while (all && query.get("cursor") != null && items.size() < 10_000);
            if (json()) {
                var result = Api.JSON.createObjectNode();
                result.set("items", items);
                result.set("nextCursor", page.path("nextCursor"));
                printJson(result);
                return ExitCode.OK;
            }
            for (JsonNode d : items) {
                out().printf("%s  %-5s %s %s → %s/%s  %s  %s%n", d.path("evaluatedAt").asText(), d.path("outcome").asText(),
                        d.path("service").asText(), d.path("version").asText(), d.path("environment").asText(), d.path("stage").asText(),
                        Render.codes(d.path("reasons")), d.path("decisionId").asText());
            }
            if (!all && page.hasNonNull("nextCursor")) {
                out().println("more: --cursor " + page.path("nextCursor").asText());
            }
            return ExitCode.OK;
        }
    }

    @Command(name = "show", description = "One decision with its request, policy input and audit chain position.")
    static final class Show extends CliCommand {
        @Parameters(paramLabel = "ID", description = "the decision id") String id;

        @Override
        protected int execute() {
            Api api = api();
            JsonNode d = api.expectOk(api.get("/v1/decisions/" + Api.enc(id), Map.of())).json();
            if (json()) {
                printJson(d);
                return ExitCode.OK;
            }
            Render.decision(out(), d);
            out().printf("actor %s  received %s  recorded %s%n", d.path("actor").asText(), d.path("receivedAt").asText(),
                    d.path("recordedAt").asText());
            out().printf("audit seq %s  hash %s  previous %s%n", d.path("audit").path("seq").asText(), d.path("audit").path("hash").asText(),
                    d.path("audit").path("previousHash").asText());
            out().println("request " + d.path("request"));
            return ExitCode.OK;
        }
    }
}
