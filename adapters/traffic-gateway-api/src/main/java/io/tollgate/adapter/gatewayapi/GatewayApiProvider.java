package io.tollgate.adapter.gatewayapi;

import io.tollgate.adapter.AdapterProvider;
import io.tollgate.adapter.AdapterSection;
import io.tollgate.adapter.CanaryQueries;
import io.tollgate.adapter.TrafficAdapter;
import io.tollgate.adapter.TrafficRouter;
import io.tollgate.adapter.kubernetes.KubeNames;
import io.tollgate.adapter.kubernetes.KubernetesAccess;
import io.tollgate.adapter.kubernetes.QueryTemplates;
import io.tollgate.adapter.kubernetes.ReconcileWait;

/**
 * The {@code gateway-api} adapter type: binds {@code adapters.<name>} (the Kubernetes access keys of
 * {@link KubernetesAccess#bind}, {@code rule}, {@code requireAcceptance}, {@code acceptanceTimeout}, {@code metrics}) and
 * creates a
 * {@link HttpRouteTrafficRouter}. Gateway API defines no metrics, so canary metrics exist only when {@code metrics}
 * gives the data plane's selectors as templates (see docs/adapters.md for examples).
 */
public final class GatewayApiProvider implements AdapterProvider {

    @Override
    public String type() {
        return HttpRouteTrafficRouter.TYPE;
    }

    @Override
    public TrafficAdapter configure(AdapterSection section) {
        section.only(KubernetesAccess.keysWith("rule", "requireAcceptance", "acceptanceTimeout", "metrics"));
        var access = KubernetesAccess.bind(section);
        String rule = section.text("rule", null);
        if (rule != null && !KubeNames.isDnsSubdomain(rule)) {
            throw section.problem("rule", "not an HTTPRoute rule name (lower-case RFC 1123 subdomain), got \"" + rule + "\"");
        }
        boolean requireAcceptance = section.bool("requireAcceptance", true);
        var config = new GatewayApiConfig(access, rule, requireAcceptance,
                ReconcileWait.timeout(section, "requireAcceptance", requireAcceptance, "acceptanceTimeout"));
        return new Instance(config, QueryTemplates.bind(section, null, access.namespace()));
    }

    /** One configured cluster and rule. */
    record Instance(GatewayApiConfig config, CanaryQueries queries) implements TrafficAdapter {
        @Override
        public TrafficRouter create() {
            return new HttpRouteTrafficRouter(config);
        }
    }
}
