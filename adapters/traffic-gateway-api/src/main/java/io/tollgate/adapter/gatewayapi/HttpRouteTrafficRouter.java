package io.tollgate.adapter.gatewayapi;

import io.tollgate.adapter.Observation;
import io.tollgate.adapter.Reconciling;
import io.tollgate.adapter.TrafficRouter;
import io.tollgate.adapter.kubernetes.RouteTrafficRouter;
import io.tollgate.adapter.kubernetes.RouteWeights;
import io.tollgate.adapter.kubernetes.WeightShare;
import java.time.Duration;
import java.util.Objects;

/**
 * {@link TrafficRouter} over a Gateway API HTTPRoute: the target's route is the HTTPRoute's name, stable and canary
 * are Service names among the {@code backendRefs} of one rule (the configured {@code rule} name, or the one rule that
 * routes to the stable Service). {@code apply(p)} sets their weights to 100 − p and p with a JSON patch guarded by a
 * {@code test} of the rule's backendRefs as read; other backendRefs of the rule must have weight 0.
 *
 * <p>{@code observe} reads the weights (a hand edit shows as a different percentage: drift) and, with
 * {@code requireAcceptance}, answers Observed only when every parent Gateway's controller has reported Accepted and
 * ResolvedRefs for the route's current generation. Until the controller has caught up (or where none writes status)
 * the answer is Pending, and the release waits up to {@code acceptanceTimeout} ({@link Reconciling}); a condition False
 * for the current generation is CannotVerify with the controller's reason and message at once. Either way the weights
 * read are in the answer, and neither is ever a silent success.
 */
public final class HttpRouteTrafficRouter extends RouteTrafficRouter implements Reconciling {
    /** The provider name in configuration. */
    public static final String TYPE = "gateway-api";
    static final RouteWeights.Kind HTTP_ROUTE = new RouteWeights.Kind("gateway.networking.k8s.io", "v1", "httproutes",
            "HTTPRoute", HttpRouteShape.INSTANCE);

    private final GatewayApiConfig config;

    public HttpRouteTrafficRouter(GatewayApiConfig config) {
        super(new RouteWeights(Objects.requireNonNull(config, "config").access(), HTTP_ROUTE, config.rule()));
        this.config = config;
    }

    @Override
    public String type() {
        return TYPE;
    }

    /** The share of the weights, Observed only when the parents accepted this generation (unless not required). */
    @Override
    protected Observation judge(RouteWeights.Found found, String weights) {
        var split = found.split();
        Integer percent = WeightShare.percent(split.stableWeight(), split.canaryWeight());
        if (percent == null) {
            return new Observation.CannotVerify(found.where() + " " + split.ruleLabel() + ": "
                    + WeightShare.why(split.stableWeight(), split.canaryWeight()));
        }
        var acceptance = RouteAcceptance.of(found.generation(), RouteWeights.list(found.spec(), "parentRefs"),
                RouteWeights.list(found.status(), "parents"));
        if (acceptance.accepted()) {
            return new Observation.Observed(percent, weights + " (" + percent + "%), " + acceptance.detail());
        }
        if (!config.requireAcceptance()) {
            return new Observation.Observed(percent, weights + " (" + percent + "%) in the spec; acceptance not required "
                    + "(requireAcceptance: false): " + acceptance.detail());
        }
        String why = weights + " (" + percent + "%) in the spec, but " + acceptance.detail();
        return acceptance.verdict() == RouteAcceptance.Verdict.PENDING ? new Observation.Pending(why)
                : new Observation.CannotVerify(why);
    }

    /** {@code acceptanceTimeout}; zero without {@code requireAcceptance} (observe then never answers Pending). */
    @Override
    public Duration reconcileTimeout() {
        return config.requireAcceptance() ? config.acceptanceTimeout() : Duration.ZERO;
    }
}
