package io.tollgate.policy.replay;

import io.tollgate.audit.AuditUnavailableException;
import io.tollgate.audit.DecisionLog;
import io.tollgate.audit.DecisionQuery;
import io.tollgate.audit.DecisionRecord;
import io.tollgate.config.PolicyReplayConfig;
import io.tollgate.config.Durations;
import io.tollgate.policy.PolicyBundle;
import io.tollgate.policy.PolicyBundleException;
import io.tollgate.policy.PolicyEntrypoint;
import io.tollgate.policy.WasmPolicyEngine;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.function.LongSupplier;
import java.util.zip.GZIPInputStream;

/**
 * Re-evaluates recorded policy inputs under a candidate bundle. Each recorded decision carries the exact input its
 * policy saw (release, change, SLO states, overrides in force, the time as {@code input.now}), so the candidate decides
 * from the same facts; nothing is fetched again and nothing is recorded.
 *
 * <p>The candidate runs in its own {@link WasmPolicyEngine} with one instance, closed after the replay: a replay never
 * touches the engine that answers gate checks, and takes at most one core from them. One replay runs at a time, and each
 * stops at its deadline ({@code policy.replay.timeout}, compiling the candidate included) with what it has so far.
 */
public final class PolicyReplay {
    /** Changed decisions listed in a report; the counts cover all of them. */
    public static final int MAX_CHANGES = 1_000;
    /** How many decisions one read of the log fetches (keyset pages, newest first). */
    private static final int PAGE = DecisionQuery.MAX_LIMIT;
    private static final String SOURCE = "in the request body";
    /** How many times its own size a candidate may inflate to; see {@link #candidate(byte[])}. */
    static final int MAX_INFLATION = 8;

    private final DecisionLog decisions;
    private final PolicyReplayConfig config;
    private final Duration evaluationTimeout;
    private final Semaphore running = new Semaphore(1);
    private final LongSupplier nanoTime;

    /**
     * @param evaluationTimeout longest one evaluation may take ({@code policy.timeout}, as for gate checks): a candidate
     *                          slower than that would deny with policy_unavailable in service, and is reported so
     */
    public PolicyReplay(DecisionLog decisions, PolicyReplayConfig config, Duration evaluationTimeout) {
        this(decisions, config, evaluationTimeout, System::nanoTime);
    }

    /** @param nanoTime the ticker deadlines are measured with ({@code System.nanoTime}; tests step it) */
    PolicyReplay(DecisionLog decisions, PolicyReplayConfig config, Duration evaluationTimeout, LongSupplier nanoTime) {
        this.decisions = decisions;
        this.config = config;
        this.evaluationTimeout = evaluationTimeout;
        this.nanoTime = nanoTime;
    }

    /** The largest candidate bundle accepted, in bytes ({@code policy.replay.maxBundleBytes}). */
    public int maxBundleBytes() {
        return config.maxBundleBytes();
    }

    /**
     * Reads a candidate from the bytes of an {@code opa build -t wasm} tarball. The archive may inflate to at most
     * {@value #MAX_INFLATION} times {@link #maxBundleBytes()}: a bundle is text and Wasm (the shipped one inflates 3 times),
     * and a gzip bomb must not fill the heap of the service that answers gate checks.
     *
     * @throws PolicyBundleException naming the problem
     */
    public PolicyBundle candidate(byte[] tarball) {
        long limit = (long) MAX_INFLATION * config.maxBundleBytes();
        try (var in = new GZIPInputStream(new ByteArrayInputStream(tarball))) {
            long inflated = 0;
            byte[] buffer = new byte[64 * 1024];
            for (int n = in.read(buffer); n > 0; n = in.read(buffer)) {
                inflated += n;
                if (inflated > limit) {
                    throw new PolicyBundleException("policy bundle " + SOURCE + " inflates to more than " + limit
                            + " bytes (" + MAX_INFLATION + " times policy.replay.maxBundleBytes)");
                }
            }
        } catch (IOException e) {
            // Not gzip, or cut off: PolicyBundle.read reports it in its own words.
        }
        return PolicyBundle.read(new ByteArrayInputStream(tarball), SOURCE);
    }

    /**
     * Replays the decisions {@code filter} selects under {@code candidate}.
     *
     * @throws PolicyBundleException     the candidate cannot be loaded or lacks {@code tollgate/decision}
     * @throws ReplayBusyException       another replay is running
     * @throws AuditUnavailableException the decision log cannot be read
     */
    public ReplayReport run(PolicyBundle candidate, ReplayFilter filter) {
        if (!running.tryAcquire()) {
            throw new ReplayBusyException();
        }
        long started = nanoTime.getAsLong();
        long deadline = started + config.timeout().toNanos();
        try (var engine = new WasmPolicyEngine(candidate, evaluationTimeout, 1)) {
            var tally = new ReplayTally(MAX_CHANGES);
            String cursor = null;
            boolean more = false;
            String incomplete = null;
            pages:
            do {
                int want = Math.min(PAGE, filter.limit() - tally.decisions());
                var page = decisions.list(new DecisionQuery(filter.service(), null, filter.since(), want, cursor));
                for (DecisionRecord record : page.items()) {
                    if (nanoTime.getAsLong() - deadline >= 0) {
                        incomplete = "stopped at the deadline of " + Durations.format(config.timeout()) + " (policy.replay.timeout) after "
                                + tally.decisions() + " of up to " + filter.limit() + " decisions; narrow the filter or raise the timeout";
                        break pages;
                    }
                    replayOne(engine, record, tally);
                }
                cursor = page.nextCursor();
                more = cursor != null;
            } while (cursor != null && tally.decisions() < filter.limit());
            return tally.report(candidate.revision(), filter, incomplete == null && more, incomplete,
                    Duration.ofNanos(nanoTime.getAsLong() - started));
        } finally {
            running.release();
        }
    }

    private static void replayOne(WasmPolicyEngine engine, DecisionRecord record, ReplayTally tally) {
        if (ReplayTally.recordedUnavailable(record)) {
            tally.skipped(record, true);
            return;
        }
        var input = record.decision().policyInput();
        if (input == null || !input.isObject()) {
            tally.skipped(record, false);
            return;
        }
        tally.compared(record, engine.evaluate(PolicyEntrypoint.DECISION, input));
    }

    /** Another replay holds the one slot; the caller may retry when it is done. */
    public static final class ReplayBusyException extends RuntimeException {
        ReplayBusyException() {
            super("another policy replay is running; one runs at a time, retry when it is done");
        }
    }
}
