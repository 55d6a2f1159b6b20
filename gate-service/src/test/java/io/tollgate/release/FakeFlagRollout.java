package io.tollgate.release;

import io.tollgate.adapter.AdapterResult;
import io.tollgate.adapter.FlagRollout;
import io.tollgate.adapter.FlagTarget;
import io.tollgate.adapter.Observation;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An in-memory flag provider standing in for Unleash: keeps the % per flag, records every call (so tests can count
 * applies), and can be told to fail or to be changed "by hand". Shared by several Tollgates in one test, as the real
 * provider would be.
 */
public final class FakeFlagRollout implements FlagRollout {
    public static final String TYPE = "fake-flags";

    /** One call: {@code op} apply, observe or reset, the percent asked (-1 when none), and when (nanoTime). */
    public record Call(String op, String feature, int percent, long nanos) {
    }

    private final Map<String, Integer> percent = new ConcurrentHashMap<>();
    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private volatile boolean down;

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public AdapterResult apply(FlagTarget target, int p) {
        calls.add(new Call("apply", target.feature(), p, System.nanoTime()));
        if (down) {
            return new AdapterResult.Failed("fake flags down", true);
        }
        percent.put(target.feature(), p);
        return new AdapterResult.Applied("rollout " + p + "%");
    }

    @Override
    public Observation observe(FlagTarget target) {
        calls.add(new Call("observe", target.feature(), -1, System.nanoTime()));
        if (down) {
            return new Observation.Unreachable("fake flags down");
        }
        return new Observation.Observed(percent.getOrDefault(target.feature(), 0), "fake");
    }

    @Override
    public AdapterResult reset(FlagTarget target) {
        calls.add(new Call("reset", target.feature(), 0, System.nanoTime()));
        if (down) {
            return new AdapterResult.Failed("fake flags down", true);
        }
        percent.put(target.feature(), 0);
        return new AdapterResult.Applied("off");
    }

    public void down(boolean down) {
        this.down = down;
    }

    /** A person changes the flag in the provider's UI. */
    public void setByHand(String feature, int p) {
        percent.put(feature, p);
    }

    public int percent(String feature) {
        return percent.getOrDefault(feature, 0);
    }

    public List<Call> calls() {
        return List.copyOf(calls);
    }

    public List<Call> calls(String op) {
        return calls.stream().filter(c -> c.op().equals(op)).toList();
    }
}
