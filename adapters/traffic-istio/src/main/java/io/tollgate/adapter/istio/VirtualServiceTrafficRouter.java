package io.tollgate.adapter.istio;

import io.tollgate.adapter.Observation;
import io.tollgate.adapter.Reconciling;
import io.tollgate.adapter.TrafficRouter;
import io.tollgate.adapter.kubernetes.RouteTrafficRouter;
import io.tollgate.adapter.kubernetes.RouteWeights;
import java.time.Duration;
import java.util.Objects;

/**
 * {@link TrafficRouter} over an Istio VirtualService: the target's route is the VirtualService's name, stable and
 * canary are destinations ({@code host} or {@code host/subset}) of one http route (the configured {@code httpRoute}
 * name, or the one that routes to the stable). {@code apply(p)} sets their weights to 100 − p and p with a JSON patch
 * guarded by a {@code test} of the route's destinations as read; other destinations must have weight 0.
 *
 * <p>The CRD accepts any weights (istiod's validating webhook checks them, where it runs): Tollgate answers
 * NotSupported for a percentage outside 0..100 and, in {@code observe}, CannotVerify for weights outside 0..100 or not
 * summing to 100 — a split Istio would refuse. By default Istio reports no per-route status, so Observed means "in the
 * spec". Where istiod writes one (config distribution tracking) and {@code requireReconciled} is set, Observed waits for
 * its {@code Reconciled} condition True at the current generation ({@link IstioReconciled}); until then Pending, and the
 * release waits up to {@code reconcileTimeout} ({@link Reconciling}).
 */
public final class VirtualServiceTrafficRouter extends RouteTrafficRouter implements Reconciling {
    /** The provider name in configuration. */
    public static final String TYPE = "istio";
    static final RouteWeights.Kind VIRTUAL_SERVICE = new RouteWeights.Kind("networking.istio.io", "v1", "virtualservices",
            "VirtualService", VirtualServiceShape.INSTANCE);

    private final IstioConfig config;

    public VirtualServiceTrafficRouter(IstioConfig config) {
        super(new RouteWeights(Objects.requireNonNull(config, "config").access(), VIRTUAL_SERVICE, config.httpRoute()));
        this.config = config;
    }

    @Override
    public String type() {
        return TYPE;
    }

    /** The canary's weight, when both are within 0..100 and sum to 100 as Istio requires. */
    @Override
    protected Observation judge(RouteWeights.Found found, String weights) {
        long stable = found.split().stableWeight();
        long canary = found.split().canaryWeight();
        if (stable < 0 || stable > 100 || canary < 0 || canary > 100) {
            return new Observation.CannotVerify(weights + ": a weight outside 0..100, which Istio rejects");
        }
        if (stable + canary != 100) {
            return new Observation.CannotVerify(weights + ": they sum to " + (stable + canary) + ", Istio requires 100");
        }
        if (!config.requireReconciled()) {
            return new Observation.Observed((int) canary, weights + " (" + canary + "%) in the spec, generation "
                    + found.generation() + " (Istio reports no per-route status)");
        }
        String notYet = IstioReconciled.notYet(found.generation(), found.status());
        return notYet == null ? new Observation.Observed((int) canary, weights + " (" + canary + "%), reconciled by istiod at "
                + "generation " + found.generation()) : new Observation.Pending(weights + " (" + canary + "%) in the spec, but " + notYet);
    }

    /** {@code reconcileTimeout}; zero without {@code requireReconciled} (observe then never answers Pending). */
    @Override
    public Duration reconcileTimeout() {
        return config.requireReconciled() ? config.reconcileTimeout() : Duration.ZERO;
    }
}
