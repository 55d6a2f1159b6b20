package io.tollgate.release;

import io.tollgate.adapter.CanaryQueries;
import io.tollgate.adapter.FlagAdapter;
import io.tollgate.adapter.FlagRollout;
import io.tollgate.adapter.NamedAdapter;
import io.tollgate.adapter.TrafficAdapter;
import io.tollgate.adapter.TrafficRouter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The adapter instances releases may name, by instance name, and the look-up over them that throws on an unknown name
 * (never a silent default). Adapters are created once, on first use, and shared. Configured instances come from their
 * providers ({@link #add}); tests register fakes by name ({@link #flags}, {@link #traffic}).
 */
public final class AdapterRegistry implements AutoCloseable {
    private final Map<String, Supplier<FlagRollout>> flagTypes = new LinkedHashMap<>();
    private final Map<String, Supplier<TrafficRouter>> trafficTypes = new LinkedHashMap<>();
    private final Map<String, CanaryQueries> queries = new LinkedHashMap<>();
    private final Map<String, String> types = new LinkedHashMap<>();
    private final Map<String, FlagRollout> flags = new LinkedHashMap<>();
    private final Map<String, TrafficRouter> routers = new LinkedHashMap<>();

    /** Thrown for an instance name no adapter is registered under. */
    public static final class UnknownAdapterException extends IllegalArgumentException {
        public UnknownAdapterException(String kind, String type, Set<String> known) {
            super("no " + kind + " provider \"" + type + "\"; known: " + (known.isEmpty() ? "none" : String.join(", ", known)));
        }
    }

    /** A configured instance, under its name. */
    public AdapterRegistry add(NamedAdapter named) {
        types.put(named.name(), named.type());
        switch (named.adapter()) {
            case TrafficAdapter t -> {
                trafficTypes.put(named.name(), t::create);
                queries.put(named.name(), t.queries());
            }
            case FlagAdapter f -> flagTypes.put(named.name(), f::create);
        }
        return this;
    }

    /** A flag adapter under {@code name} (its type is the name). */
    public AdapterRegistry flags(String name, Supplier<FlagRollout> factory) {
        flagTypes.put(name, factory);
        return this;
    }

    /** A traffic adapter under {@code name} without canary metrics (its type is the name). */
    public AdapterRegistry traffic(String name, Supplier<TrafficRouter> factory) {
        return traffic(name, factory, CanaryQueries.NONE);
    }

    /** A traffic adapter under {@code name} whose canary is read with {@code canaryQueries}. */
    public AdapterRegistry traffic(String name, Supplier<TrafficRouter> factory, CanaryQueries canaryQueries) {
        trafficTypes.put(name, factory);
        queries.put(name, canaryQueries);
        return this;
    }

    /** Names of the flag instances. */
    public Set<String> flagTypes() {
        return flagTypes.keySet();
    }

    /** Names of the traffic instances. */
    public Set<String> trafficTypes() {
        return trafficTypes.keySet();
    }

    /** The provider type of instance {@code name}: its configured type, or the name for instances registered in code. */
    public String typeOf(String name) {
        return types.getOrDefault(name, name);
    }

    /** The canary metrics of traffic instance {@code name}; {@link CanaryQueries#NONE} for an unknown one. */
    public CanaryQueries queries(String name) {
        return queries.getOrDefault(name, CanaryQueries.NONE);
    }

    /** @throws UnknownAdapterException when {@code name} is not registered */
    public synchronized FlagRollout flag(String name) {
        return flags.computeIfAbsent(name, t -> switch (flagTypes.get(t)) {
            case null -> throw new UnknownAdapterException("flag", t, flagTypes.keySet());
            case Supplier<FlagRollout> factory -> factory.get();
        });
    }

    /** @throws UnknownAdapterException when {@code name} is not registered */
    public synchronized TrafficRouter router(String name) {
        return routers.computeIfAbsent(name, t -> switch (trafficTypes.get(t)) {
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
