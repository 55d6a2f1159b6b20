package io.tollgate.policy;

import com.styra.opa.wasm.OpaPolicy;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;

/**
 * The Wasm instances of one {@link WasmPolicyEngine}, each confined to one worker thread and loaded with
 * the bundle's data once, when it is built.
 *
 * <p>Why not {@code OpaPolicyPool}: its return resets the instance ({@code opa_value_free} of the data,
 * heap back to the base), so every borrow had to parse the whole data document into Wasm memory again
 * before it could evaluate. Here an instance keeps its data: {@code OpaPolicy.input(..)} moves the heap
 * pointer back to just above the data (freeing everything the previous evaluation allocated) before it
 * writes the new input, so consecutive evaluations only pay for input, evaluation and result.
 *
 * <p>An instance is used only by the worker thread that holds it ({@link #current()}), so it is never
 * shared between threads. After an exception the worker {@link #discard()}s it (its memory may be
 * half-written, or it was interrupted mid-run) and its next evaluation takes a fresh one. Building an
 * instance compiles the module (100–400 ms), longer than a typical deadline, so only one background
 * thread ever builds, and it keeps one spare ready: a worker without an instance takes the spare, at once
 * when it is ready, and orders the next one.
 */
final class WasmInstances implements AutoCloseable {
    private final byte[] wasm;
    private final String dataJson;
    private final int entrypoint;
    private final String source;
    /** Instances built up front, one per worker; a worker takes one on its first evaluation. */
    private final BlockingQueue<OpaPolicy> initial;
    private final BlockingQueue<OpaPolicy> spare = new ArrayBlockingQueue<>(1);
    private final ExecutorService spareBuilder;
    private final ThreadLocal<OpaPolicy> held = new ThreadLocal<>();

    /**
     * Builds {@code count} instances and the spare, each with the data loaded.
     *
     * @param first an instance already built (to find the entry point); becomes one of the {@code count}
     */
    WasmInstances(byte[] wasm, String dataJson, OpaPolicy first, int entrypoint, int count, String source, String threadName) {
        this.wasm = wasm;
        this.dataJson = dataJson;
        this.entrypoint = entrypoint;
        this.source = source;
        this.initial = new ArrayBlockingQueue<>(count);
        initial.add(load(first));
        for (int i = 1; i < count; i++) {
            initial.add(build());
        }
        spare.add(build());
        this.spareBuilder = Executors.newSingleThreadExecutor(r -> Thread.ofPlatform().daemon().name(threadName).unstarted(r));
    }

    /**
     * The calling worker's instance, ready for {@code input(..).evaluate()}: the one it holds, else one
     * built up front, else the spare (waiting for the build in progress if need be).
     *
     * @throws IllegalStateException when closed, or interrupted while waiting for the spare
     */
    OpaPolicy current() {
        OpaPolicy policy = held.get();
        if (policy == null) {
            policy = initial.poll();
            if (policy == null) {
                policy = takeSpare();
            }
            held.set(policy);
        }
        return policy;
    }

    /** Drops the calling worker's instance; its next {@link #current()} takes a fresh one. */
    void discard() {
        held.remove();
    }

    /** Builds one instance with the data loaded; used at start-up and by the spare builder. */
    OpaPolicy build() {
        OpaPolicy policy;
        try {
            policy = OpaPolicy.builder().withPolicy(wasm).build();
        } catch (RuntimeException e) {
            throw new PolicyBundleException("policy bundle " + source + ": policy.wasm cannot be loaded: " + e.getMessage(), e);
        }
        return load(policy);
    }

    private OpaPolicy load(OpaPolicy policy) {
        try {
            return policy.data(dataJson).entrypoint(entrypoint);
        } catch (RuntimeException e) {
            throw new PolicyBundleException("policy bundle " + source + ": data.json cannot be loaded: " + e.getMessage(), e);
        }
    }

    /**
     * Orders a replacement, then takes the spare. Each take orders exactly one build, so a waiting taker
     * always has one coming. When the caller's deadline interrupts the wait, the build still completes
     * and serves the next taker.
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
            spare.offer(build());
        } catch (RuntimeException e) {
            // It loaded at start-up, so this is unexpected; the waiting taker times out and the next orders another.
        }
    }

    /** Stops the spare builder and drops the instances not held by a worker (workers' go with their threads). */
    @Override
    public void close() {
        spareBuilder.shutdownNow();
        initial.clear();
        spare.clear();
    }
}
