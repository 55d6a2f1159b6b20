package io.tollgate.release;

import io.tollgate.adapter.FlagRollout;
import io.tollgate.adapter.TrafficRouter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The adapter types Tollgate knows, each registered with one line, and the factory switch over them that
 * throws on an unknown type (never a silent default). Adapters are built once, on first use, and shared.
 * Wiring a provider module is one line, e.g.
 * {@code registry.flags(UnleashFlagRollout.TYPE, () -> new UnleashFlagRollout(config))}.
 */
public final class AdapterRegistry implements AutoCloseable {
    private final Map<String, Supplier<FlagRollout>> flagTypes = new LinkedHashMap<>();
    private final Map<String, Supplier<TrafficRouter>> trafficTypes = new LinkedHashMap<>();
    private final Map<String, FlagRollout> flags = new LinkedHashMap<>();
    private final Map<String, TrafficRouter> routers = new LinkedHashMap<>();

    /** Thrown for a provider name no adapter is registered for. */
    public static final class UnknownAdapterException extends IllegalArgumentException {
        public UnknownAdapterException(String kind, String type, Set<String> known) {
            super("no " + kind + " provider \"" + type + "\"; known: " + (known.isEmpty() ? "none" : String.join(", ", known)));
        }
    }

    public AdapterRegistry flags(String type, Supplier<FlagRollout> factory) {
        flagTypes.put(type, factory);
        return this;
    }

    public AdapterRegistry traffic(String type, Supplier<TrafficRouter> factory) {
        trafficTypes.put(type, factory);
        return this;
    }

    public Set<String> flagTypes() {
        return flagTypes.keySet();
    }

    public Set<String> trafficTypes() {
        return trafficTypes.keySet();
    }

    /** @throws UnknownAdapterException when {@code type} is not registered */
    public synchronized FlagRollout flag(String type) {
        return flags.computeIfAbsent(type, t -> switch (flagTypes.get(t)) {
            case null -> throw new UnknownAdapterException("flag", t, flagTypes.keySet());
            case Supplier<FlagRollout> factory -> factory.get();
        });
    }

    /** @throws UnknownAdapterException when {@code type} is not registered */
    public synchronized TrafficRouter router(String type) {
        return routers.computeIfAbsent(type, t -> switch (trafficTypes.get(t)) {
            case null -> throw new UnknownAdapterException("traffic", t, trafficTypes.keySet());
            case Supplier<TrafficRouter> factory -> factory.get();
        });
    }

    @Override
    public synchronized void close() {
        flags.values().forEach(FlagRollout::close);
        routers.values().forEach(TrafficRouter::close);
    }
}
