package io.tollgate.override;

import io.tollgate.audit.AuditUnavailableException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The overrides in force per service and environment, read at most once per {@code freshness}: every gate check
 * needs them, and a query per check would add a round trip to the busiest path. This instance's own creations and
 * revocations invalidate at once; another replica's are seen within {@code freshness}.
 */
final class InForceCache {
    /** Bounds memory when callers invent many service names; the map is simply cleared when full. */
    private static final int MAX_KEYS = 10_000;

    @FunctionalInterface
    interface Loader {
        List<GateOverride> inForce(String service, String environment, Instant now);
    }

    private record Entry(List<GateOverride> overrides, long loadedNanos) {
    }

    private final Loader loader;
    private final long freshnessNanos;
    private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();

    InForceCache(Loader loader, Duration freshness) {
        this.loader = loader;
        this.freshnessNanos = freshness.toNanos();
    }

    /** @throws AuditUnavailableException when the store cannot be read */
    List<GateOverride> get(String service, String environment, Instant now) {
        String key = service + '\u0000' + environment;
        long nanos = System.nanoTime();
        var entry = entries.get(key);
        if (entry == null || nanos - entry.loadedNanos() > freshnessNanos) {
            List<GateOverride> loaded;
            try {
                loaded = loader.inForce(service, environment, now);
            } catch (RuntimeException e) {
                throw new AuditUnavailableException("overrides cannot be read: " + e.getMessage(), e);
            }
            if (entries.size() >= MAX_KEYS) {
                entries.clear();
            }
            entry = new Entry(List.copyOf(loaded), nanos);
            entries.put(key, entry);
        }
        return entry.overrides();
    }

    void invalidate(String service, String environment) {
        entries.remove(service + '\u0000' + environment);
    }
}
