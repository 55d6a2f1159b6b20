package io.tollgate.audit;

import static io.tollgate.audit.Decisions.aDecision;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The public-key-only verifier on a log exported from a real database, as the docs tell operators to do it. */
class OfflineVerifierTest {

    @Test
    void an_exported_log_verifies_offline_and_an_edited_export_or_a_later_checkpoint_does_not(@TempDir Path dir) throws Exception {
        var db = AuditDatabases.fresh();
        Checkpoint checkpoint;
        try (var events = TestAudit.log(db.database().dsl())) {
            var log = new JooqDecisionLog(events);
            for (int i = 0; i < 6; i++) {
                log.append(aDecision());
            }
            checkpoint = events.checkpoint().orElseThrow();
        }
        var export = dir.resolve("audit.jsonl");
        Files.write(export, exportRows(db));
        String publicKey = AuditKey.publicKeyFile(TestAudit.keyFile()).toString();

        var ok = run("--public-key", publicKey, "--log", export.toString(), "--checkpoint", checkpoint.encoded());
        assertThat(ok.code()).isZero();
        assertThat(ok.out()).contains("6 records checked").contains("INTACT");

        var lines = new ArrayList<>(Files.readAllLines(export));
        lines.set(2, lines.get(2).replace("\"outcome\":\"deny\"", "\"outcome\":\"allow\""));
        Files.write(export, lines.subList(0, 5));
        var broken = run("--public-key", publicKey, "--log", export.toString(), "--checkpoint", checkpoint.encoded());
        System.out.println(broken.out());
        assertThat(broken.code()).isEqualTo(1);
        assertThat(broken.out()).contains("seq 3..3").contains("hash mismatch").contains("seq 6..6").contains("missing");

        assertThat(run("--log", export.toString()).code()).isEqualTo(2);
        db.close();
    }

    private static List<String> exportRows(AuditDatabases db) throws Exception {
        var rows = new ArrayList<String>();
        try (var c = db.superuser().connect(); var st = c.createStatement();
             var rs = st.executeQuery("select row_to_json(e) from audit_event e order by seq")) {
            while (rs.next()) {
                rows.add(rs.getString(1));
            }
        }
        return rows;
    }

    private record Result(int code, String out) {
    }

    private static Result run(String... args) {
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        int code = OfflineVerifier.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(code, out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8));
    }
}
