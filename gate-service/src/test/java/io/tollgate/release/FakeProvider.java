package io.tollgate.release;

import io.tollgate.adapter.AdapterResult;
import io.tollgate.adapter.Observation;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * What {@link FakeFlagRollout} and {@link FakeTrafficRouter} share: a percentage per key (flag or backend), every
 * call recorded, and a switch that makes the provider down.
 *
 * @param <C> the fake's own call record
 */
final class FakeProvider<C> {
    /** Makes a fake's call record: {@code op} apply, observe or reset, the key, the percent (-1 when none), nanoTime. */
    interface CallFactory<C> {
        C call(String op, String key, int percent, long nanos);
    }

    private final String downMessage;
    private final CallFactory<C> newCall;
    private final Function<C, String> opOf;
    private final Map<String, Integer> percent = new ConcurrentHashMap<>();
    private final List<C> calls = new CopyOnWriteArrayList<>();
    private volatile boolean down;

    FakeProvider(String downMessage, CallFactory<C> newCall, Function<C, String> opOf) {
        this.downMessage = downMessage;
        this.newCall = newCall;
        this.opOf = opOf;
    }

    AdapterResult apply(String key, int p, String detail) {
        calls.add(newCall.call("apply", key, p, System.nanoTime()));
        if (down) {
            return new AdapterResult.Failed(downMessage, true);
        }
        percent.put(key, p);
        return new AdapterResult.Applied(detail);
    }

    Observation observe(String key) {
        calls.add(newCall.call("observe", key, -1, System.nanoTime()));
        if (down) {
            return new Observation.Unreachable(downMessage);
        }
        return new Observation.Observed(percent.getOrDefault(key, 0), "fake");
    }

    AdapterResult reset(String key, String detail) {
        calls.add(newCall.call("reset", key, 0, System.nanoTime()));
        if (down) {
            return new AdapterResult.Failed(downMessage, true);
        }
        percent.put(key, 0);
        return new AdapterResult.Applied(detail);
    }

    void down(boolean down) {
        this.down = down;
    }

    void setByHand(String key, int p) {
        percent.put(key, p);
    }

    int percent(String key) {
        return percent.getOrDefault(key, 0);
    }

    List<C> calls() {
        return List.copyOf(calls);
    }

    List<C> calls(String op) {
        return calls.stream().filter(c -> opOf.apply(c).equals(op)).toList();
    }
}
