package io.tollgate.adapter.kubernetes;

import io.tollgate.adapter.AdapterResult;
import io.tollgate.adapter.Observation;
import io.tollgate.adapter.TrafficRouter;
import io.tollgate.adapter.TrafficTarget;
import java.util.Objects;

/**
 * A {@link TrafficRouter} over one route kind through {@link RouteWeights}: {@code apply} and {@code reset} are the same
 * for every kind; what a kind adds is how it judges the weights it read ({@link #judge}), e.g. the Gateway API's route
 * acceptance or Istio's sum-to-100 rule.
 */
public abstract class RouteTrafficRouter implements TrafficRouter {
    private final RouteWeights routes;

    protected RouteTrafficRouter(RouteWeights routes) {
        this.routes = Objects.requireNonNull(routes, "routes");
    }

    /** {@code canaryPercent} to the canary, 100 − that to stable; NotSupported outside 0..100. */
    @Override
    public final AdapterResult apply(TrafficTarget target, int canaryPercent) {
        return routes.applyPercent(target, canaryPercent);
    }

    /** Reads the route; missing, forbidden, unreachable or of a foreign shape is answered here, the rest by {@link #judge}. */
    @Override
    public final Observation observe(TrafficTarget target) {
        Objects.requireNonNull(target, "target");
        return switch (routes.read(target)) {
            case RouteWeights.Answer(Observation o) -> o;
            case RouteWeights.Found found -> judge(found, found.where() + " " + found.split().ruleLabel() + ": weights stable "
                    + found.split().stableWeight() + ", canary " + found.split().canaryWeight());
        };
    }

    /**
     * The observation for weights read from the route.
     *
     * @param weights the weights as messages say them, e.g. {@code HTTPRoute shop/web rules[0]: weights stable 80, canary 20}
     */
    protected abstract Observation judge(RouteWeights.Found found, String weights);

    /** Weights 100 and 0: all traffic to stable. */
    @Override
    public final AdapterResult reset(TrafficTarget target) {
        return routes.reset(target);
    }

    @Override
    public void close() {
        routes.close();
    }
}
