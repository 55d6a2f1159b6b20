package io.tollgate.release;

import io.tollgate.adapter.AdapterResult;
import io.tollgate.adapter.FlagRollout;
import io.tollgate.adapter.FlagTarget;
import io.tollgate.adapter.Observation;
import java.util.List;

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

    private final FakeProvider<Call> provider = new FakeProvider<>("fake flags down", Call::new, Call::op);

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public AdapterResult apply(FlagTarget target, int p) {
        return provider.apply(target.feature(), p, "rollout " + p + "%");
    }

    @Override
    public Observation observe(FlagTarget target) {
        return provider.observe(target.feature());
    }

    @Override
    public AdapterResult reset(FlagTarget target) {
        return provider.reset(target.feature(), "off");
    }

    public void down(boolean down) {
        provider.down(down);
    }

    /** A person changes it in the provider's UI. */
    public void setByHand(String feature, int p) {
        provider.setByHand(feature, p);
    }

    public int percent(String feature) {
        return provider.percent(feature);
    }

    public List<Call> calls() {
        return provider.calls();
    }

    public List<Call> calls(String op) {
        return provider.calls(op);
    }
}
