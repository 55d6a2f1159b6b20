package io.tollgate.policy;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Evaluates Tollgate's decision policy ({@code data.tollgate.decision}) for one policy input.
 * Implementations are thread-safe.
 */
public interface PolicyEngine extends AutoCloseable {

    /** Short name of the implementation as used in configuration: {@code embedded} or {@code opa-server}. */
    String kind();

    /**
     * Evaluates the decision entry point for {@code input}. Never throws for a failure of the engine
     * or of a remote OPA (down, timeout, undefined or malformed result): it returns
     * {@link PolicyResult.Unavailable} with the cause, so the caller can fail safe.
     */
    default PolicyResult evaluate(JsonNode input) {
        return evaluate(PolicyEntrypoint.DECISION, input);
    }

    /**
     * Evaluates {@code entrypoint} for {@code input}, with the same guarantees as {@link #evaluate(JsonNode)}: a bundle
     * or server without that rule answers {@link PolicyResult.Unavailable} naming it.
     */
    PolicyResult evaluate(PolicyEntrypoint entrypoint, JsonNode input);

    /**
     * Checks that the engine can evaluate right now (for readiness). Returns null when healthy,
     * otherwise a one-line description of the problem. Must answer within about a second.
     */
    String healthProblem();

    /** Releases pools, clients and threads. */
    @Override
    void close();
}
