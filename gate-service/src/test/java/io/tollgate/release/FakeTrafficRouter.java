package io.tollgate.release;

import io.tollgate.adapter.AdapterResult;
import io.tollgate.adapter.TrafficRouter;
import io.tollgate.adapter.TrafficTarget;
import io.tollgate.adapter.Observation;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An in-memory flag provider standing in for HAProxy: keeps the % per flag, records every call (so tests can count
 * applies), and can be told to fail or to be changed "by hand". Shared by several Tollgates in one test, as the real
 * provider would be.
 */
public final class FakeTrafficRouter implements TrafficRouter {
    public static final String TYPE = "fake-traffic";

    /** One call: {@code op} apply, observe or reset, the percent asked (-1 when none), and when (nanoTime). */
    public record Call(String op, String backend, int percent, long nanos) {
    }

    private final Map<String, Integer> percent = new ConcurrentHashMap<>();
    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private volatile boolean down;

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public AdapterResult apply(TrafficTarget target, int p) {
        calls.add(new Call("apply", target.backend(), p, System.nanoTime()));
        if (down) {
            return new AdapterResult.Failed("fake router down", true);
        }
        percent.put(target.backend(), p);
        return new AdapterResult.Applied("canary weight " + p);
    }

    @Override
    public Observation observe(TrafficTarget target) {
        calls.add(new Call("observe", target.backend(), -1, System.nanoTime()));
        if (down) {
            return new Observation.Unreachable("fake router down");
        }
        return new Observation.Observed(percent.getOrDefault(target.backend(), 0), "fake");
    }

    @Override
    public AdapterResult reset(TrafficTarget target) {
        calls.add(new Call("reset", target.backend(), 0, System.nanoTime()));
        if (down) {
            return new AdapterResult.Failed("fake router down", true);
        }
        percent.put(target.backend(), 0);
        return new AdapterResult.Applied("all to stable");
    }

    public void down(boolean down) {
        this.down = down;
    }

    /** A person changes the flag in the provider's UI. */
    public void setByHand(String backend, int p) {
        percent.put(backend, p);
    }

    public int percent(String backend) {
        return percent.getOrDefault(backend, 0);
    }

    public List<Call> calls() {
        return List.copyOf(calls);
    }

    public List<Call> calls(String op) {
        return calls.stream().filter(c -> c.op().equals(op)).toList();
    }
}
