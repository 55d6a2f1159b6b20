package io.tollgate.adapter.istio;

import io.tollgate.adapter.kubernetes.WeightedSplit;
import java.util.Map;

/**
 * A VirtualService's vocabulary: {@code spec.http[].route[]}, each destination named {@code host} or, with a subset,
 * {@code host/subset}; a weight left out counts 100 for a lone destination and 0 otherwise (Istio's rule).
 */
enum VirtualServiceShape implements WeightedSplit.Shape {
    INSTANCE;

    @Override
    public String rulesKey() {
        return "http";
    }

    @Override
    public String destinationsKey() {
        return "route";
    }

    @Override
    public String id(Map<?, ?> route) {
        if (!(route.get("destination") instanceof Map<?, ?> d) || !(d.get("host") instanceof String host)) {
            return null;
        }
        return d.get("subset") instanceof String subset ? host + "/" + subset : host;
    }

    @Override
    public long weight(Map<?, ?> route, int count) {
        return route.get("weight") instanceof Number n ? n.longValue() : count == 1 ? 100 : 0;
    }
}
