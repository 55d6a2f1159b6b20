package io.tollgate.release;

import io.tollgate.adapter.AdapterResult;
import io.tollgate.adapter.TrafficRouter;
import io.tollgate.adapter.TrafficTarget;
import io.tollgate.adapter.Observation;
import java.util.List;

/**
 * An in-memory traffic router standing in for HAProxy: keeps the canary % per backend, records every call (so tests can count
 * applies), and can be told to fail or to be changed "by hand". Shared by several Tollgates in one test, as the real
 * provider would be.
 */
public final class FakeTrafficRouter implements TrafficRouter {
    public static final String TYPE = "fake-traffic";

    /** One call: {@code op} apply, observe or reset, the percent asked (-1 when none), and when (nanoTime). */
    public record Call(String op, String backend, int percent, long nanos) {
    }

    private final FakeProvider<Call> provider = new FakeProvider<>("fake router down", Call::new, Call::op);

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public AdapterResult apply(TrafficTarget target, int p) {
        return provider.apply(target.route(), p, "canary weight " + p);
    }

    @Override
    public Observation observe(TrafficTarget target) {
        return provider.observe(target.route());
    }

    @Override
    public AdapterResult reset(TrafficTarget target) {
        return provider.reset(target.route(), "all to stable");
    }

    public void down(boolean down) {
        provider.down(down);
    }

    /** A person changes it in the provider's UI. */
    public void setByHand(String backend, int p) {
        provider.setByHand(backend, p);
    }

    public int percent(String backend) {
        return provider.percent(backend);
    }

    public List<Call> calls() {
        return provider.calls();
    }

    public List<Call> calls(String op) {
        return provider.calls(op);
    }
}
