package io.tollgate.audit;

/**
 * What can be checked of one record alone: whether its content hashes to its stored hash and whether its
 * signature verifies. Pure functions of the record, so verification computes them for a whole batch in
 * parallel ({@link ChainVerifier}) and feeds them to the sequential {@link ChainWalk}, which checks what
 * needs the records before (seq continuity, links, the unsigned tail, checkpoints).
 *
 * @param hashMatches    the recomputed hash equals the stored one (false for an unknown hash format)
 * @param signatureValid the record carries a signature by the service's key over its hash
 */
record RecordCheck(boolean hashMatches, boolean signatureValid) {

    /** Checks a record whose payload was read as a tree (exported files, tests). */
    static RecordCheck of(AuditEvent e, AuditKey.AuditPublicKey key) {
        return new RecordCheck(knownFormat(e) && HashChain.recompute(e).equals(e.hash()), signed(e, key));
    }

    /**
     * Checks a record read from the database with its payload as stored JSON text: hashed as stored for format
     * {@value HashChain#EVENT} ({@link HashChain#storedEventMatches}); legacy decisions go through the tree.
     */
    static RecordCheck of(EventRows.Stored row, AuditKey.AuditPublicKey key) {
        var e = row.columns();
        boolean hashMatches = switch (e.hashFormat()) {
            case HashChain.EVENT -> HashChain.storedEventMatches(e, row.payloadText());
            case HashChain.LEGACY_DECISION -> HashChain.recompute(row.withPayload()).equals(e.hash());
            default -> false;
        };
        return new RecordCheck(hashMatches, signed(e, key));
    }

    private static boolean knownFormat(AuditEvent e) {
        return e.hashFormat() == HashChain.EVENT || e.hashFormat() == HashChain.LEGACY_DECISION;
    }

    private static boolean signed(AuditEvent e, AuditKey.AuditPublicKey key) {
        return e.signature() != null && RecordSignature.valid(e, key);
    }
}
