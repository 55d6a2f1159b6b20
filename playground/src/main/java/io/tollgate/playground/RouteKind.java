package io.tollgate.playground;

import java.util.List;
import java.util.Map;

/**
 * The two route resources the KubePlayground's router follows, read the way their data planes read them (not with
 * Tollgate's adapter code): a Gateway API HTTPRoute rule's {@code backendRefs} (a Service by {@code name}, weight 1 when
 * left out) and an Istio VirtualService http route's destinations ({@code destination.host}, weight 100 for a lone
 * destination and 0 otherwise when left out).
 */
enum RouteKind {
    HTTP_ROUTE("gateway.networking.k8s.io/v1", "HTTPRoute", "rules", "backendRefs"),
    VIRTUAL_SERVICE("networking.istio.io/v1", "VirtualService", "http", "route");

    final String apiVersion;
    final String kind;
    private final String rulesKey;
    private final String destinationsKey;

    RouteKind(String apiVersion, String kind, String rulesKey, String destinationsKey) {
        this.apiVersion = apiVersion;
        this.kind = kind;
        this.rulesKey = rulesKey;
        this.destinationsKey = destinationsKey;
    }

    /**
     * The weights of {@code stable} and {@code canary} in the rule named {@code rule} of {@code spec}, as
     * {@code {stable, canary}}; a destination the rule does not list gets 0.
     *
     * @throws IllegalStateException when the rule is missing (the router then keeps its last weights)
     */
    long[] weights(Map<?, ?> spec, String rule, String stable, String canary) {
        if (spec != null && spec.get(rulesKey) instanceof List<?> rules) {
            for (Object r : rules) {
                if (r instanceof Map<?, ?> m && rule.equals(m.get("name")) && m.get(destinationsKey) instanceof List<?> dests) {
                    long[] w = new long[2];
                    for (Object d : dests) {
                        if (d instanceof Map<?, ?> dest) {
                            String name = name(dest);
                            long weight = weight(dest, dests.size());
                            w[0] += stable.equals(name) ? weight : 0;
                            w[1] += canary.equals(name) ? weight : 0;
                        }
                    }
                    return w;
                }
            }
        }
        throw new IllegalStateException("no " + rulesKey + " entry named '" + rule + "' with " + destinationsKey);
    }

    private String name(Map<?, ?> dest) {
        if (this == HTTP_ROUTE) {
            return dest.get("name") instanceof String s ? s : null;
        }
        return dest.get("destination") instanceof Map<?, ?> d && d.get("host") instanceof String host ? host : null;
    }

    private long weight(Map<?, ?> dest, int count) {
        if (dest.get("weight") instanceof Number n) {
            return n.longValue();
        }
        return this == HTTP_ROUTE ? 1 : count == 1 ? 100 : 0;
    }
}
