package io.tollgate.audit;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/**
 * One stored event of the audit chain.
 *
 * @param seq          position in the chain, 1 for the first record, no gaps
 * @param kind         the stored wire name ({@link EventKind#wire()}); kept as text so a kind written by a
 *                     newer version is still shown and verified
 * @param recordedAt   when the batch holding it was written (the writing service's clock, microseconds, never before the previous record)
 * @param hashFormat   how {@code hash} was computed ({@link HashChain#LEGACY_DECISION} or {@link HashChain#EVENT})
 * @param previousHash hash of record {@code seq - 1}; 64 zeros for the first record
 * @param signature    on the last record of each committed batch: base64 Ed25519 over {@code hash}
 *                     ({@link RecordSignature}); null on the others
 * @param keyId        the signing key's id when signed, else null
 */
public record AuditEvent(
        long seq,
        String kind,
        String subject,
        String actor,
        String traceId,
        Instant recordedAt,
        JsonNode payload,
        int hashFormat,
        String previousHash,
        String hash,
        String signature,
        String keyId) {

    /** The same record with a signature. */
    AuditEvent signed(String signature, String keyId) {
        return new AuditEvent(seq, kind, subject, actor, traceId, recordedAt, payload, hashFormat, previousHash, hash,
                signature, keyId);
    }
}
