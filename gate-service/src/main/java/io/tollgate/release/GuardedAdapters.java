package io.tollgate.release;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.github.resilience4j.timelimiter.TimeLimiter;
import io.github.resilience4j.timelimiter.TimeLimiterConfig;
import io.tollgate.adapter.AdapterResult;
import io.tollgate.adapter.CanaryQueries;
import io.tollgate.adapter.FlagTarget;
import io.tollgate.adapter.Observation;
import io.tollgate.adapter.Reconciling;
import io.tollgate.adapter.TrafficTarget;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Every adapter call of a release, guarded: a deadline per call (TimeLimiter), retries with exponential
 * backoff and jitter on failed or unreachable answers (Retry), and one circuit breaker per adapter, so an
 * adapter that stays down answers at once with a failure naming it. Always answers a value, never throws.
 */
public final class GuardedAdapters implements AutoCloseable {
    private final AdapterRegistry registry;
    private final ReleaseConfig config;
    private final ReleaseMetrics metrics;
    private final Map<String, CircuitBreaker> breakers = new ConcurrentHashMap<>();
    private final ExecutorService calls = Executors.newVirtualThreadPerTaskExecutor();

    public GuardedAdapters(AdapterRegistry registry, ReleaseConfig config, ReleaseMetrics metrics) {
        this.registry = registry;
        this.config = config;
        this.metrics = metrics;
    }

    /** The canary metrics of traffic instance {@code name} (reading them is not an adapter call). */
    public CanaryQueries queries(String name) {
        return registry.queries(name);
    }

    public AdapterResult applyFlag(String type, FlagTarget target, int percent) {
        return action("flag/" + type, () -> registry.flag(type).apply(target, percent));
    }

    public AdapterResult resetFlag(String type, FlagTarget target) {
        return action("flag/" + type, () -> registry.flag(type).reset(target));
    }

    public Observation observeFlag(String type, FlagTarget target) {
        return observation("flag/" + type, () -> registry.flag(type).observe(target));
    }

    public AdapterResult applyTraffic(String type, TrafficTarget target, int percent) {
        return action("traffic/" + type, () -> registry.router(type).apply(target, percent));
    }

    public AdapterResult resetTraffic(String type, TrafficTarget target) {
        return action("traffic/" + type, () -> registry.router(type).reset(target));
    }

    public Observation observeTraffic(String type, TrafficTarget target) {
        return observation("traffic/" + type, () -> registry.router(type).observe(target));
    }

    /**
     * The read-back after a traffic change: {@link #observeTraffic}, repeated while a {@link Reconciling} router answers
     * Pending, for up to its reconcile timeout (each look guarded on its own). Pending at the deadline is answered as
     * CannotVerify naming the wait, so the change is not verified. Blocks the calling release step for that long.
     */
    public Observation awaitTraffic(String name, TrafficTarget target) {
        Duration within;
        try {
            within = registry.router(name) instanceof Reconciling r ? r.reconcileTimeout() : Duration.ZERO;
        } catch (RuntimeException e) {
            within = Duration.ZERO; // an unknown adapter: observeTraffic answers why
        }
        return Reconciling.await(() -> observeTraffic(name, target), within);
    }

    private AdapterResult action(String adapter, Supplier<AdapterResult> call) {
        return guarded(adapter, call, r -> r instanceof AdapterResult.Failed f && f.retryable(),
                r -> r instanceof AdapterResult.Failed, e -> new AdapterResult.Failed(adapter + ": " + e, false));
    }

    private Observation observation(String adapter, Supplier<Observation> call) {
        return guarded(adapter, call, r -> r instanceof Observation.Unreachable, r -> r instanceof Observation.Unreachable,
                e -> new Observation.Unreachable(adapter + ": " + e));
    }

    private <T> T guarded(String adapter, Supplier<T> call, java.util.function.Predicate<T> retryOn,
                          java.util.function.Predicate<T> isFailure, Function<String, T> failure) {
        long started = System.nanoTime();
        // "traffic/east" → the guard of instance east (releases.adapterGuards.east), else of its type, else the common one.
        String name = adapter.substring(adapter.indexOf('/') + 1);
        var guard = config.guard(name, registry.typeOf(name));
        var breaker = breakers.computeIfAbsent(adapter, a -> CircuitBreaker.of(a, CircuitBreakerConfig.custom()
                .slidingWindowSize(guard.breakerWindow()).minimumNumberOfCalls(guard.breakerMinimumCalls())
                .failureRateThreshold(guard.breakerFailureRate())
                .waitDurationInOpenState(guard.breakerOpenFor())
                .recordResult(r -> r instanceof AdapterResult.Failed || r instanceof Observation.Unreachable)
                .build()));
        var limiter = TimeLimiter.of(TimeLimiterConfig.custom().timeoutDuration(guard.timeout()).cancelRunningFuture(true).build());
        var retry = Retry.of(adapter, RetryConfig.<T>custom()
                .maxAttempts(guard.attempts())
                .intervalFunction(IntervalFunction.ofExponentialRandomBackoff(guard.backoff(), 2.0, 0.5))
                .retryOnResult(retryOn)
                .retryExceptions(Exception.class)
                .ignoreExceptions(CallNotPermittedException.class)
                .build());
        java.util.concurrent.Callable<T> timed = () -> limiter.executeFutureSupplier(
                () -> CompletableFuture.supplyAsync(call, calls));
        T result;
        try {
            result = Retry.decorateCallable(retry, CircuitBreaker.decorateCallable(breaker, timed)).call();
        } catch (CallNotPermittedException e) {
            result = failure.apply("circuit open after repeated failures, not calling it for "
                    + guard.breakerOpenFor().toMillis() + " ms");
        } catch (TimeoutException e) {
            result = failure.apply("no answer within " + guard.timeout().toMillis() + " ms");
        } catch (Exception e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            result = failure.apply(cause.getClass().getSimpleName() + ": " + cause.getMessage());
        }
        String outcome = isFailure.test(result) ? "failed"
                : result instanceof AdapterResult.NotSupported || result instanceof Observation.CannotVerify
                        || result instanceof Observation.Pending ? "not_verified" : "ok";
        metrics.adapterCall(adapter, outcome, (System.nanoTime() - started) / 1e9);
        return result;
    }

    @Override
    public void close() {
        calls.shutdownNow();
    }
}
