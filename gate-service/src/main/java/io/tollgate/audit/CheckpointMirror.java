package io.tollgate.audit;

import static io.tollgate.db.generated.Tables.AUDIT_CHECKPOINT;

import java.nio.file.Path;
import java.util.Optional;
import org.jooq.DSLContext;

/**
 * The database's copy of published checkpoints ({@code audit_checkpoint}), each with the file it was published
 * to. It is not trusted on its own (whoever can write the database can write it): every row read back is
 * parsed and its signature checked like a line of the file.
 */
final class CheckpointMirror {
    private final DSLContext ctx;
    private final String file;

    CheckpointMirror(DSLContext ctx, Path file) {
        this.ctx = ctx;
        this.file = file.toAbsolutePath().normalize().toString();
    }

    /** Records {@code checkpoint} as published to this service's file; a replica that recorded the same seq first wins. */
    void record(Checkpoint checkpoint) {
        ctx.insertInto(AUDIT_CHECKPOINT)
                .set(AUDIT_CHECKPOINT.SEQ, checkpoint.seq())
                .set(AUDIT_CHECKPOINT.LOG_ID, checkpoint.logId())
                .set(AUDIT_CHECKPOINT.HEAD_HASH, checkpoint.headHash())
                .set(AUDIT_CHECKPOINT.LINE, checkpoint.toLine())
                .set(AUDIT_CHECKPOINT.FILE, file)
                .onConflictDoNothing()
                .execute();
    }

    /** The newest recorded checkpoint (any replica's), or empty. */
    Optional<Recorded> newest() {
        return ctx.select(AUDIT_CHECKPOINT.SEQ, AUDIT_CHECKPOINT.LINE).from(AUDIT_CHECKPOINT)
                .orderBy(AUDIT_CHECKPOINT.SEQ.desc()).limit(1)
                .fetchOptional(r -> new Recorded(r.value1(), r.value2()));
    }

    /** The newest checkpoint recorded as published to this service's file, or empty. */
    Optional<Recorded> newestInThisFile() {
        return ctx.select(AUDIT_CHECKPOINT.SEQ, AUDIT_CHECKPOINT.LINE).from(AUDIT_CHECKPOINT)
                .where(AUDIT_CHECKPOINT.FILE.eq(file))
                .orderBy(AUDIT_CHECKPOINT.SEQ.desc()).limit(1)
                .fetchOptional(r -> new Recorded(r.value1(), r.value2()));
    }

    /** A row as stored: its seq and the checkpoint line, to be parsed and checked by the reader. */
    record Recorded(long seq, String line) {
        /** The checkpoint if the line parses and is signed by {@code key}, else empty. */
        Optional<Checkpoint> verified(AuditKey.AuditPublicKey key) {
            try {
                var c = Checkpoint.parse(line);
                return c.seq() == seq && c.verifiedBy(key) ? Optional.of(c) : Optional.empty();
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
        }
    }
}
