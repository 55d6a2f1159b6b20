package io.tollgate.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code tollgate audit verify}: re-walk the signed, hash-chained audit log on the server. */
@Command(name = "audit", description = "Check the audit log.", subcommands = AuditCommand.Verify.class)
final class AuditCommand extends CommandGroup {

    @Command(name = "verify", description = {"Re-walk the whole chain (hashes, links, signatures, checkpoints).",
            "Exit 0 intact, 1 not intact (every broken range is printed)."})
    static final class Verify extends CliCommand {
        @Option(names = "--checkpoint", paramLabel = "CHECKPOINT",
                description = "a checkpoint kept elsewhere (its encoded form or JSON) the log must still contain")
        String checkpoint;

        @Override
        protected int execute() {
            Api api = api();
            JsonNode v = api.expectOk(api.get("/v1/audit/verify", checkpoint == null ? Map.of() : Map.of("checkpoint", checkpoint))).json();
            boolean intact = v.path("intact").asBoolean(false);
            if (json()) {
                printJson(v);
            } else {
                out().printf("%s: %s records checked, head seq %s, signed through seq %s, key %s%n", intact ? "INTACT" : "NOT INTACT",
                        v.path("recordsChecked").asText(), v.path("headSeq").asText(), v.path("signedThroughSeq").asText(),
                        v.path("keyId").asText());
                for (JsonNode p : v.path("problems")) {
                    out().printf("  seq %s-%s: %s%n", p.path("fromSeq").asText(), p.path("toSeq").asText(), Api.oneLine(p.path("problem").asText()));
                }
                for (JsonNode c : v.path("checkpoints")) {
                    out().printf("  checkpoint seq %s (%s): %s%n", c.path("seq").asText(), c.path("source").asText(),
                            c.path("matches").asBoolean() ? "matches" : "DOES NOT MATCH");
                }
            }
            return intact ? ExitCode.OK : ExitCode.DENIED;
        }
    }
}
