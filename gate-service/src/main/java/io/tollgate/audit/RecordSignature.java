package io.tollgate.audit;

import java.nio.charset.StandardCharsets;

/**
 * The signature on the last record of each batch: Ed25519 over the record's hash, which chains to every
 * record before it, so one signature vouches for the whole prefix of the chain.
 */
final class RecordSignature {
    private RecordSignature() {
    }

    static String sign(String hash, AuditKey key) {
        return key.sign(message(hash));
    }

    /** True when {@code event} carries a signature by {@code key} over its hash. */
    static boolean valid(AuditEvent event, AuditKey.AuditPublicKey key) {
        return valid(event.hash(), event.signature(), event.keyId(), key);
    }

    static boolean valid(String hash, String signature, String keyId, AuditKey.AuditPublicKey key) {
        return signature != null && key.id().equals(keyId) && key.verify(message(hash), signature);
    }

    /** A domain prefix, so a record signature can never pass as a checkpoint signature. */
    private static byte[] message(String hash) {
        return ("tollgate-record-v1\n" + hash).getBytes(StandardCharsets.US_ASCII);
    }
}
