package io.tollgate.adapter.prometheus;

import io.tollgate.adapter.MetricResult;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Bounded, thread-safe cache of answers.
 *
 * <p>Rule: the key is the query plus the evaluation time bucketed to the freshness period
 * ({@code floor(at / freshness)}), or "latest" for queries without a time. An entry is returned only
 * while it is younger than the freshness period, measured on the clock from when the answer arrived;
 * so an answer is never older than {@code freshness}, and its evaluation time is within one period of
 * the one asked for (the returned result keeps the evaluation time it really describes). Only
 * {@link MetricResult.Value} and {@link MetricResult.NoData} are stored; Unavailable never is. At most
 * {@code maxEntries} are kept, least recently used evicted first. Two threads missing on the same key
 * at once both query (no request coalescing).
 */
final class ResultCache {
    private record Key(String query, long bucket) {
    }

    private record Stored(MetricResult result, Instant storedAt) {
    }

    private static final long LATEST = Long.MIN_VALUE;
    private final Clock clock;
    private final Duration freshness;
    private final LinkedHashMap<Key, Stored> entries;

    ResultCache(Clock clock, Duration freshness, int maxEntries) {
        this.clock = clock;
        this.freshness = freshness;
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Key, Stored> eldest) {
                return size() > maxEntries;
            }
        };
    }

    /** The fresh cached answer, or null. */
    synchronized MetricResult get(String query, Instant at) {
        if (freshness.isZero()) {
            return null;
        }
        Key key = key(query, at);
        Stored entry = entries.get(key);
        if (entry == null) {
            return null;
        }
        if (Duration.between(entry.storedAt(), clock.instant()).compareTo(freshness) >= 0) {
            entries.remove(key);
            return null;
        }
        return entry.result();
    }

    /** Stores a Value or NoData; ignores anything else. */
    synchronized void put(String query, Instant at, MetricResult result) {
        if (freshness.isZero() || result instanceof MetricResult.Unavailable) {
            return;
        }
        entries.put(key(query, at), new Stored(result, clock.instant()));
    }

    synchronized int size() {
        return entries.size();
    }

    private Key key(String query, Instant at) {
        return new Key(query, at == null ? LATEST : Math.floorDiv(at.toEpochMilli(), freshness.toMillis()));
    }
}
