package io.tollgate.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * A control action on a release or a plan ({@code pause ID --reason …}), recorded with the caller and the reason. Exit 0
 * when done, 1 when the state does not allow it (409, naming the state) or the role may not (403).
 */
abstract class ControlCommand extends CliCommand {
    @Parameters(paramLabel = "ID", description = "the id")
    String id;
    @Option(names = "--reason", required = true, description = "why (recorded in the history and the audit log)")
    String reason;

    /** The action's path segment: pause, resume, ... */
    abstract String action();

    /** The collection's path with a trailing slash, e.g. {@code /v1/releases/}. */
    abstract String resource();

    /** What is controlled, for messages: release, plan. */
    abstract String noun();

    abstract void render(JsonNode answer);

    @Override
    protected int execute() {
        if (reason.isBlank()) {
            throw CliFailure.usage("--reason: must not be blank");
        }
        Api api = api();
        var r = api.postJson(resource() + Api.enc(id) + "/" + action(), Api.JSON.createObjectNode().put("reason", reason), Map.of());
        if (r.status() == 409 && r.json() != null && r.json().hasNonNull("state")) {
            throw new CliFailure(ExitCode.DENIED, "cannot " + action() + " " + noun() + " " + id + " in state " + r.json().path("state").asText()
                    + " (" + Api.describe(r) + ")");
        }
        JsonNode answer = api.expectOk(r).json();
        if (json()) {
            printJson(answer);
        } else {
            render(answer);
        }
        return ExitCode.OK;
    }
}
