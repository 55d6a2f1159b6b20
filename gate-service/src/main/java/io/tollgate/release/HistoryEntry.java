package io.tollgate.release;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;

/**
 * One line of a release's history: a transition, a gate decision or an adapter action, with its numbers.
 *
 * @param kind {@code created}, {@code transition}, {@code gate}, {@code adapter} or {@code observation}
 */
public record HistoryEntry(int seq, Instant at, String kind, String actor, ObjectNode payload) {
}
