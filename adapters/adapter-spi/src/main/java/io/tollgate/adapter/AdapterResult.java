package io.tollgate.adapter;

/**
 * The outcome of one adapter action, as a value: remote failures are states with reasons, never
 * exceptions leaking into the rollout engine.
 */
public sealed interface AdapterResult permits AdapterResult.Applied, AdapterResult.NotSupported, AdapterResult.Failed {

    /** The change is in effect on the target system. {@code detail} says what was done. */
    record Applied(String detail) implements AdapterResult {
    }

    /** This adapter cannot do what was asked (e.g. a weight it cannot express); nothing was changed. */
    record NotSupported(String detail) implements AdapterResult {
    }

    /** The target system failed or was unreachable; the change may or may not have been applied. */
    record Failed(String detail, boolean retryable) implements AdapterResult {
    }
}
