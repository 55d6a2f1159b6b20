package io.tollgate.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code tollgate override create|list|revoke}, against {@code /v1/overrides} as issue 10 specifies it. The server
 * side is not built yet; {@code OverrideContractTest} pins the requests this sends. docs/cli.md has the shapes.
 */
@Command(name = "override", description = "Policy-checked overrides: allow past named reasons, freeze, skip analysis.",
        subcommands = {OverrideCommand.Create.class, OverrideCommand.ListOverrides.class, OverrideCommand.Revoke.class})
final class OverrideCommand extends CommandGroup {

    /** What an override applies to: a service in an environment (optionally one version), or one release. */
    static final class Target {
        @Option(names = "--version", description = "only this version") String version;
        @Option(names = "--release", paramLabel = "ID", description = "only this release") String release;
    }

    @Command(name = "create", sortOptions = false, description = {"Create an override; the policy decides whether it is permitted.",
            "Exit 0 created, 1 refused (the policy's reasons are printed), 3 bad input."})
    static final class Create extends CliCommand {
        @Option(names = "--service", required = true) String service;
        @Option(names = "--environment", required = true) String environment;
        @ArgGroup(exclusive = true) Target target = new Target();
        @Option(names = "--effect", required = true, description = "allow, skip-analysis or freeze") String effect;
        @Option(names = "--suppress", paramLabel = "CODE", description = "a reason code the override may turn into allow; repeat for more")
        List<String> suppress = new ArrayList<>();
        @Option(names = "--reason", required = true, description = "why (recorded, shown in every decision it affects)") String reason;
        @Option(names = "--ticket", description = "the ticket or incident, e.g. INC-2231") String ticket;
        @Option(names = "--label", paramLabel = "LABEL", description = "a label, e.g. emergency (needed during a freeze window); repeat for more")
        List<String> labels = new ArrayList<>();
        @Option(names = "--expires", paramLabel = "TIME", description = "an RFC 3339 time or a duration from now (e.g. 24h)")
        String expires;

        @Override
        protected int execute() {
            if (!List.of("allow", "skip-analysis", "freeze").contains(effect)) {
                throw CliFailure.usage("--effect: must be allow, skip-analysis or freeze, got \"" + effect + "\"");
            }
            if (effect.equals("allow") && suppress.isEmpty()) {
                throw CliFailure.usage("--suppress: an allow override must name the reason codes it may override");
            }
            ObjectNode body = Api.JSON.createObjectNode();
            ObjectNode scope = body.putObject("scope").put("service", service).put("environment", environment);
            if (target.version != null) {
                scope.put("version", target.version);
            }
            if (target.release != null) {
                scope.put("release", target.release);
            }
            body.put("effect", effect);
            if (!suppress.isEmpty()) {
                suppress.forEach(body.putArray("suppress")::add);
            }
            body.put("reason", reason);
            if (ticket != null) {
                body.put("ticket", ticket);
            }
            if (!labels.isEmpty()) {
                labels.forEach(body.putArray("labels")::add);
            }
            if (expires != null) {
                var now = root().clock().instant();
                var at = expires.contains("T") ? Durations.since("--expires", expires, now) : now.plus(Durations.parse("--expires", expires));
                body.put("expiresAt", at.toString());
            }
            Api api = api();
            var r = api.postJson("/v1/overrides", body, Map.of());
            if (r.status() == 403 && r.json() != null && r.json().path("reasons").isArray()) {
                // The policy's refusal: show its reasons as a block, like a deny.
                err().println("tollgate: override refused: " + Api.describe(r));
                Render.reasons(err(), r.json().path("reasons"), "  ");
                return ExitCode.DENIED;
            }
            JsonNode created = api.expectOk(r).json();
            if (json()) {
                printJson(created);
            } else {
                line(out(), created);
            }
            return ExitCode.OK;
        }
    }

    @Command(name = "list", description = "Active overrides (--all: expired and revoked too).")
    static final class ListOverrides extends CliCommand {
        @Option(names = "--all", description = "include expired and revoked overrides") boolean all;

        @Override
        protected int execute() {
            Api api = api();
            JsonNode page = api.expectOk(api.get("/v1/overrides", all ? Map.of() : Map.of("active", "true"))).json();
            if (json()) {
                printJson(page);
            } else {
                JsonNode items = page.isArray() ? page : page.path("items");
                for (JsonNode o : items) {
                    line(out(), o);
                }
                if (items.isEmpty()) {
                    out().println(all ? "no overrides" : "no active overrides");
                }
            }
            return ExitCode.OK;
        }
    }

    @Command(name = "revoke", description = "Revoke an override if the policy permits (the revocation or refusal is audited).",
            footer = {"", "Exit 0 revoked, 1 refused (the policy's reasons are printed), 3 bad input."})
    static final class Revoke extends CliCommand {
        @Parameters(paramLabel = "ID") String id;
        @Option(names = "--reason", required = true, description = "why it is revoked") String reason;
        @Option(names = "--ticket", description = "the ticket or incident (the shipped policy requires one to lift a production freeze)")
        String ticket;

        @Override
        protected int execute() {
            Api api = api();
            var body = Api.JSON.createObjectNode().put("reason", reason);
            if (ticket != null) {
                body.put("ticket", ticket);
            }
            var answer = api.deleteJson("/v1/overrides/" + Api.enc(id), body);
            if (answer.status() == 403 && answer.json() != null && answer.json().path("reasons").isArray()) {
                err().println("tollgate: revocation refused: " + Api.describe(answer));
                Render.reasons(err(), answer.json().path("reasons"), "  ");
                return ExitCode.DENIED;
            }
            var r = api.expectOk(answer);
            if (json()) {
                printJson(r.json() == null ? Api.JSON.createObjectNode().put("id", id).put("revoked", true) : r.json());
            } else {
                out().println("revoked " + id);
            }
            return ExitCode.OK;
        }
    }

    static void line(java.io.PrintWriter out, JsonNode o) {
        JsonNode s = o.path("scope");
        String where = s.path("service").asText() + "/" + s.path("environment").asText()
                + (s.hasNonNull("version") ? " " + s.path("version").asText() : "")
                + (s.hasNonNull("release") ? " release " + s.path("release").asText() : "");
        out.printf("%s  %-13s %s  by %s  expires %s  suppress [%s]  %s%s%n", o.path("id").asText(), o.path("effect").asText(), where,
                o.path("createdBy").asText("?"), o.path("expiresAt").asText("never"), String.join(", ", texts(o.path("suppress"))),
                Api.oneLine(o.path("reason").asText()), o.hasNonNull("ticket") ? " (" + o.path("ticket").asText() + ")" : "");
    }

    private static List<String> texts(JsonNode array) {
        var out = new ArrayList<String>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
