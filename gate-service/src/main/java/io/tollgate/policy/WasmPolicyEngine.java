package io.tollgate.policy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.styra.opa.wasm.OpaPolicy;
import com.styra.opa.wasm.OpaPolicyPool;
import io.tollgate.json.Json;
import java.time.Duration;
import java.util.ArrayList;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
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
 * <p>One {@link OpaPolicy} is not thread-safe, so the engine keeps a pool of {@code poolSize} instances
 * and exactly as many worker threads: each worker holds at most one instance, so a borrow never waits.
 * Every evaluation runs on a worker and the caller waits at most the configured timeout; then the
 * worker is interrupted (Chicory checks the interrupt flag on branches and calls, so a runaway policy
 * stops) and the instance is discarded.
 *
 * <p>Building an instance compiles the module (100–400 ms here), longer than a typical deadline, and a
 * build cut short by a caller's deadline would be wasted. So instances are only ever built by one
 * background thread, which keeps one spare ready: a borrow that finds no idle instance (after a discard)
 * takes the spare, at once when it is ready, and orders the next one. The constructor returns with all
 * {@code poolSize} instances and the spare built.
 */
public final class WasmPolicyEngine implements PolicyEngine {
    public static final String KIND = "embedded";
    /** The entry point compiled into the bundle ({@code opa build -e tollgate/decision}). */
    public static final String ENTRYPOINT = "tollgate/decision";

    private static final int QUEUED_PER_WORKER = 32;
    private static final AtomicInteger ENGINES = new AtomicInteger();

    private final PolicyBundle bundle;
    private final String dataJson;
    private final Duration timeout;
    private final int entrypoint;
    private final OpaPolicyPool pool;
    private final ThreadPoolExecutor workers;
    private final BlockingQueue<OpaPolicy> spare = new ArrayBlockingQueue<>(1);
    private final ExecutorService spareBuilder;
    private final byte[] wasm;

    /**
     * Loads the bundle's module, checks it has the {@value #ENTRYPOINT} entry point and builds all
     * {@code poolSize} instances up front (compiling a module takes far longer than one evaluation, so a
     * cold instance would otherwise blow the first requests' deadlines).
     *
     * @throws PolicyBundleException when the module cannot be loaded or lacks the entry point
     */
    public WasmPolicyEngine(PolicyBundle bundle, Duration timeout, int poolSize) {
        if (poolSize < 1) {
            throw new IllegalArgumentException("poolSize must be at least 1, got " + poolSize);
        }
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive, got " + timeout);
        }
        this.bundle = bundle;
        this.dataJson = bundle.dataJson();
        this.timeout = timeout;
        this.wasm = bundle.wasm();
        OpaPolicy first = newInstance(wasm, bundle);
        try {
            this.entrypoint = first.findEntrypoint(ENTRYPOINT);
        } catch (RuntimeException e) {
            throw new PolicyBundleException("policy bundle " + bundle.source() + " has no entry point "
                    + ENTRYPOINT + " (has " + first.entrypoints().keySet() + ")", e);
        }
        int id = ENGINES.incrementAndGet();
        this.spareBuilder = Executors.newSingleThreadExecutor(
                r -> Thread.ofPlatform().daemon().name("tollgate-wasm-" + id + "-spare").unstarted(r));
        spare.add(first);
        this.pool = OpaPolicyPool.create(this::takeSpare, poolSize);
        warmUp(poolSize);
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
    public PolicyResult evaluate(JsonNode input) {
        String inputJson;
        try {
            inputJson = Json.mapper().writeValueAsString(input);
        } catch (JsonProcessingException e) {
            return unavailable("policy input cannot be serialized: " + e.getOriginalMessage());
        }
        java.util.concurrent.Future<String> task;
        try {
            task = workers.submit(() -> evaluateOnWorker(inputJson));
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
        return toResult(raw);
    }

    private String evaluateOnWorker(String inputJson) throws InterruptedException {
        var loan = pool.borrow();
        String result;
        try {
            result = loan.policy().data(dataJson).entrypoint(entrypoint).input(inputJson).evaluate();
        } catch (RuntimeException | Error e) {
            // The instance's memory may be half-written (or it was interrupted mid-run): never reuse it.
            loan.discard();
            throw e;
        }
        loan.close();
        return result;
    }

    /** The SDK answers {@code [{"result": decision}]}, or {@code []} when the decision is undefined. */
    private PolicyResult toResult(String raw) {
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
            return unavailable("policy decision data.tollgate.decision is undefined for this input");
        }
        if (resultSet.size() > 1) {
            return unavailable("policy returned " + resultSet.size() + " results, expected one");
        }
        return switch (DecisionParser.parse(resultSet.get(0).path("result"))) {
            case DecisionParser.Valid v -> new PolicyResult.Evaluated(v.verdict(), bundle.revision());
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
        spareBuilder.shutdownNow();
        pool.close();
        spare.clear();
    }

    private PolicyResult unavailable(String detail) {
        return new PolicyResult.Unavailable(detail, bundle.revision());
    }

    /**
     * The pool's factory: orders a replacement, then takes the spare (waiting for the build in progress
     * if need be). Each take orders exactly one build, so a waiting taker always has one coming. When
     * the caller's deadline interrupts the wait, the build still completes and serves the next borrow.
     */
    private OpaPolicy takeSpare() {
        try {
            spareBuilder.execute(this::buildSpare);
        } catch (RejectedExecutionException closed) {
            throw new IllegalStateException("policy engine is closed");
        }
        try {
            return spare.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a policy instance", e);
        }
    }

    private void buildSpare() {
        try {
            spare.offer(newInstance(wasm, bundle));
        } catch (RuntimeException e) {
            // It loaded at start-up, so this is unexpected; the waiting borrow times out and the next orders another.
        }
    }

    private void warmUp(int poolSize) {
        var loans = new ArrayList<OpaPolicyPool.Loan>(poolSize);
        try {
            for (int i = 0; i < poolSize; i++) {
                loans.add(pool.borrow());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            loans.forEach(OpaPolicyPool.Loan::close);
        }
        try {
            // Wait for the spare the last borrow ordered, so the engine starts with nothing left to build.
            spare.put(spare.take());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static OpaPolicy newInstance(byte[] wasm, PolicyBundle bundle) {
        try {
            return OpaPolicy.builder().withPolicy(wasm).build();
        } catch (RuntimeException e) {
            throw new PolicyBundleException("policy bundle " + bundle.source() + ": policy.wasm cannot be loaded: " + e.getMessage(), e);
        }
    }
}
