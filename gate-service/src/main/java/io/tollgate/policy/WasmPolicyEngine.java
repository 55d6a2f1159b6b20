package io.tollgate.policy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.styra.opa.wasm.OpaPolicy;
import io.tollgate.json.Json;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The {@code embedded} engine: evaluates the Wasm-compiled policy in-process with the OPA WebAssembly
 * Java SDK (Chicory runtime).
 *
 * <p>One {@link OpaPolicy} is not thread-safe, so the engine has {@code poolSize} worker threads, each
 * with its own instance ({@link WasmInstances}) that keeps the bundle's data loaded between evaluations.
 * Every evaluation runs on a worker and the caller waits at most the configured timeout; then the
 * worker is interrupted (Chicory checks the interrupt flag on branches and calls, so a runaway policy
 * stops) and the instance is discarded. A worker that discarded its instance takes the spare that a
 * background thread keeps ready, so a discard never makes a caller wait for a module compile. The
 * constructor returns with all {@code poolSize} instances and the spare built.
 */
public final class WasmPolicyEngine implements PolicyEngine {
    public static final String KIND = "embedded";
    /** The entry point every bundle must have ({@code opa build -e tollgate/decision}). */
    public static final String ENTRYPOINT = PolicyEntrypoint.DECISION.path();

    private static final int QUEUED_PER_WORKER = 32;
    private static final AtomicInteger ENGINES = new AtomicInteger();

    private final PolicyBundle bundle;
    private final Duration timeout;
    private final WasmInstances instances;
    private final ThreadPoolExecutor workers;
    /** Index of each entry point in the module; absent when the bundle was built without it. */
    private final java.util.Map<PolicyEntrypoint, Integer> entrypoints = new java.util.EnumMap<>(PolicyEntrypoint.class);

    /**
     * Loads the bundle's module, checks it has the {@value #ENTRYPOINT} entry point and builds all
     * {@code poolSize} instances up front with the data loaded (compiling a module takes far longer than
     * one evaluation, so a cold instance would otherwise blow the first requests' deadlines).
     *
     * @throws PolicyBundleException when the module or its data cannot be loaded or it lacks the entry point
     */
    public WasmPolicyEngine(PolicyBundle bundle, Duration timeout, int poolSize) {
        if (poolSize < 1) {
            throw new IllegalArgumentException("poolSize must be at least 1, got " + poolSize);
        }
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive, got " + timeout);
        }
        this.bundle = bundle;
        this.timeout = timeout;
        byte[] wasm = bundle.wasm();
        OpaPolicy first;
        try {
            first = OpaPolicy.builder().withPolicy(wasm).build();
        } catch (RuntimeException e) {
            throw new PolicyBundleException("policy bundle " + bundle.source() + ": policy.wasm cannot be loaded: " + e.getMessage(), e);
        }
        int entrypoint;
        try {
            entrypoint = first.findEntrypoint(ENTRYPOINT);
        } catch (RuntimeException e) {
            throw new PolicyBundleException("policy bundle " + bundle.source() + " has no entry point "
                    + ENTRYPOINT + " (has " + first.entrypoints().keySet() + ")", e);
        }
        entrypoints.put(PolicyEntrypoint.DECISION, entrypoint);
        for (var other : PolicyEntrypoint.values()) {
            if (other != PolicyEntrypoint.DECISION && first.entrypoints().containsKey(other.path())) {
                entrypoints.put(other, first.findEntrypoint(other.path()));
            }
        }
        int id = ENGINES.incrementAndGet();
        this.instances = new WasmInstances(wasm, bundle.dataJson(), first, entrypoint, poolSize, bundle.source(),
                "tollgate-wasm-" + id + "-spare");
        var threadNo = new AtomicInteger();
        this.workers = new ThreadPoolExecutor(poolSize, poolSize, 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(poolSize * QUEUED_PER_WORKER),
                r -> Thread.ofPlatform().daemon().name("tollgate-wasm-" + id + "-" + threadNo.incrementAndGet()).unstarted(r));
    }

    @Override
    public String kind() {
        return KIND;
    }

    /** The bundle revision ({@link PolicyBundle#revision()}) stamped on every result. */
    public String revision() {
        return bundle.revision();
    }

    @Override
    public PolicyResult evaluate(PolicyEntrypoint entrypoint, JsonNode input) {
        Integer index = entrypoints.get(entrypoint);
        if (index == null) {
            return unavailable("policy bundle " + bundle.source() + " has no entry point " + entrypoint.path()
                    + " (build it with opa build -e " + entrypoint.path() + ")");
        }
        String inputJson;
        try {
            inputJson = Json.mapper().writeValueAsString(input);
        } catch (JsonProcessingException e) {
            return unavailable("policy input cannot be serialized: " + e.getOriginalMessage());
        }
        java.util.concurrent.Future<String> task;
        try {
            task = workers.submit(() -> evaluateOnWorker(index, inputJson));
        } catch (RejectedExecutionException e) {
            return unavailable(workers.isShutdown() ? "policy engine is closed"
                    : "policy engine overloaded: " + workers.getQueue().size() + " evaluations already waiting");
        }
        String raw;
        try {
            raw = task.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            task.cancel(true);
            return unavailable("policy evaluation timed out after " + timeout.toMillis() + " ms");
        } catch (InterruptedException e) {
            task.cancel(true);
            Thread.currentThread().interrupt();
            return unavailable("policy evaluation interrupted");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            return unavailable("policy evaluation failed: " + cause.getClass().getSimpleName()
                    + (cause.getMessage() == null ? "" : ": " + cause.getMessage()));
        }
        return toResult(entrypoint, raw);
    }

    /** Runs on a worker thread: its own instance, data already loaded; only the input is written. */
    private String evaluateOnWorker(int entrypoint, String inputJson) {
        OpaPolicy policy = instances.current();
        try {
            return policy.entrypoint(entrypoint).input(inputJson).evaluate();
        } catch (RuntimeException | Error e) {
            // The instance's memory may be half-written (or it was interrupted mid-run): never reuse it.
            instances.discard();
            throw e;
        }
    }

    /** The SDK answers {@code [{"result": decision}]}, or {@code []} when the decision is undefined. */
    private PolicyResult toResult(PolicyEntrypoint entrypoint, String raw) {
        JsonNode resultSet;
        try {
            resultSet = Json.mapper().readTree(raw);
        } catch (JsonProcessingException e) {
            return unavailable("policy returned invalid JSON: " + e.getOriginalMessage());
        }
        if (resultSet == null || !resultSet.isArray()) {
            return unavailable("policy returned an unexpected result set: " + raw);
        }
        if (resultSet.isEmpty()) {
            return unavailable("policy decision " + entrypoint.rule() + " is undefined for this input");
        }
        if (resultSet.size() > 1) {
            return unavailable("policy returned " + resultSet.size() + " results, expected one");
        }
        return switch (DecisionParser.parse(resultSet.get(0).path("result"))) {
            case DecisionParser.Valid v -> new PolicyResult.Evaluated(v.verdict(), bundle.revision(),
                    DecisionParser.onRegression(resultSet.get(0).path("result")));
            case DecisionParser.Invalid i -> unavailable("policy returned a malformed decision: " + i.problem());
        };
    }

    @Override
    public String healthProblem() {
        if (workers.isShutdown()) {
            return "embedded policy engine is closed";
        }
        return null;
    }

    @Override
    public void close() {
        workers.shutdownNow();
        try {
            workers.awaitTermination(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        instances.close();
    }

    private PolicyResult unavailable(String detail) {
        return new PolicyResult.Unavailable(detail, bundle.revision());
    }
}
