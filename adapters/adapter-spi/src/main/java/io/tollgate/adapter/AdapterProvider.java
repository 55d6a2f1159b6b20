package io.tollgate.adapter;

/**
 * One adapter type, found with {@link java.util.ServiceLoader}: a provider module lists its implementation in
 * {@code META-INF/services/io.tollgate.adapter.AdapterProvider} and needs no other registration. The core never names
 * a provider: it hands each named instance of {@code adapters:} (whose {@code type} is {@link #type()}) to
 * {@link #configure} and drives what comes back. Implementations have a public no-argument constructor, hold no
 * state and are thread-safe.
 */
public interface AdapterProvider {

    /** The type name configuration uses ({@code adapters.<name>.type}), e.g. {@code haproxy}; unique among providers. */
    String type();

    /**
     * Binds and validates one instance's section (every key but {@code type}), without connecting to anything: start-up
     * fails on a bad section before any adapter runs. Unknown keys are errors (see {@link AdapterSection#only}).
     *
     * @return a {@link TrafficAdapter} or a {@link FlagAdapter}
     * @throws AdapterConfigException one line naming the full key, e.g. {@code adapters.edge.runtimePort: required}
     */
    ConfiguredAdapter configure(AdapterSection section);
}
