package io.tollgate.audit;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import io.tollgate.json.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;

/**
 * Verifies an exported audit log with the public key only: no database, no private key, no service.
 * The export is one JSON object per line in seq order, as PostgreSQL writes it:
 * <pre>
 * psql "$URL" -At -c "select row_to_json(e) from audit_event e order by seq" > audit.jsonl
 * java -cp tollgate.jar io.tollgate.audit.OfflineVerifier --public-key audit-signing.key.pub --log audit.jsonl \
 *      [--checkpoint CHECKPOINT]
 * </pre>
 * {@code CHECKPOINT} is a checkpoint's {@code encoded} form, its JSON, or a checkpoint file (its newest valid
 * line is used). Exit code 0: intact; 1: problems found (each printed); 2: usage or unreadable input.
 */
public final class OfflineVerifier {
    private static final ObjectReader EXACT = Json.mapper().readerFor(JsonNode.class)
            .with(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS, DeserializationFeature.USE_BIG_INTEGER_FOR_INTS);

    private OfflineVerifier() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        Path publicKey = null;
        Path log = null;
        String checkpoint = null;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--public-key" -> publicKey = Path.of(args[i + 1]);
                case "--log" -> log = Path.of(args[i + 1]);
                case "--checkpoint" -> checkpoint = args[i + 1];
                default -> {
                    return usage(err, "unknown option " + args[i]);
                }
            }
        }
        if (publicKey == null || log == null || args.length % 2 != 0) {
            return usage(err, "--public-key and --log are required");
        }
        try {
            var key = AuditKey.AuditPublicKey.read(publicKey);
            var checkpoints = new LinkedHashMap<Checkpoint, String>();
            var checkpointProblems = new java.util.ArrayList<String>();
            if (checkpoint != null && Files.isRegularFile(Path.of(checkpoint))) {
                // A checkpoint file: its newest good line, and every line that is not good.
                var file = Path.of(checkpoint);
                var contents = new CheckpointFile(file).read(key);
                checkpointProblems.addAll(contents.problems());
                checkpoints.put(contents.newest().orElseThrow(() -> new IllegalArgumentException(
                        file + ": no checkpoint signed by key " + key.id())), "checkpoint file");
            } else if (checkpoint != null) {
                checkpoints.put(Checkpoint.decode(checkpoint), "given");
            }
            var walk = new ChainWalk(key, checkpoints);
            checkpointProblems.forEach(walk::reportCheckpointProblem);
            try (BufferedReader in = Files.newBufferedReader(log, StandardCharsets.UTF_8)) {
                String line;
                int lineNo = 0;
                while ((line = in.readLine()) != null) {
                    lineNo++;
                    if (!line.isBlank()) {
                        walk.accept(parse(line, lineNo));
                    }
                }
            }
            var v = walk.finish();
            out.printf("key %s: %d records checked, head seq %d, signed through seq %d: %s%n", key.id(), v.recordsChecked(),
                    v.headSeq(), v.signedThroughSeq(), v.intact() ? "INTACT" : v.problems().size() + " PROBLEM(S)");
            v.problems().forEach(p -> out.printf("  seq %d..%d%s: %s%n", p.fromSeq(), p.toSeq(),
                    p.kind() == null ? "" : " (" + p.kind() + " " + p.subject() + ")", p.problem()));
            return v.intact() ? 0 : 1;
        } catch (AuditKeyException | IOException | IllegalArgumentException e) {
            err.println("tollgate audit verify: " + e.getMessage());
            return 2;
        }
    }

    /** One exported row; its JSON and numbers read exactly as stored, so hashes recompute. */
    static AuditEvent parse(String line, int lineNo) throws IOException {
        JsonNode n = EXACT.readTree(line);
        if (n == null || !n.isObject() || !n.path("seq").canConvertToLong()) {
            throw new IllegalArgumentException("line " + lineNo + ": not an exported audit_event row");
        }
        return new AuditEvent(n.get("seq").asLong(), n.path("kind").asText(), n.path("subject").asText(),
                n.path("actor").asText(), n.path("trace_id").asText(),
                OffsetDateTime.parse(n.path("recorded_at").asText()).toInstant(), n.path("payload"),
                n.path("hash_format").asInt(), n.path("previous_hash").asText(), n.path("hash").asText(),
                n.path("signature").isTextual() ? n.get("signature").asText() : null,
                n.path("key_id").isTextual() ? n.get("key_id").asText() : null);
    }

    private static int usage(PrintStream err, String problem) {
        err.println("tollgate audit verify: " + problem);
        err.println("usage: OfflineVerifier --public-key FILE.pub --log EXPORT.jsonl [--checkpoint ENCODED|JSON|FILE]");
        return 2;
    }
}
