package io.tollgate.adapter.gatewayapi;

import io.tollgate.adapter.kubernetes.WeightedSplit;
import java.util.Map;

/**
 * An HTTPRoute's vocabulary: {@code spec.rules[].backendRefs[]}, each a Service named by {@code name} (other kinds are
 * not a stable or canary), weight defaulting to 1 when omitted (Gateway API spec).
 */
enum HttpRouteShape implements WeightedSplit.Shape {
    INSTANCE;

    @Override
    public String rulesKey() {
        return "rules";
    }

    @Override
    public String destinationsKey() {
        return "backendRefs";
    }

    @Override
    public String id(Map<?, ?> ref) {
        Object kind = ref.get("kind");
        Object group = ref.get("group");
        boolean service = (kind == null || "Service".equals(kind)) && (group == null || "".equals(group));
        return service && ref.get("name") instanceof String name ? name : null;
    }

    @Override
    public long weight(Map<?, ?> ref, int count) {
        return ref.get("weight") instanceof Number n ? n.longValue() : 1;
    }
}
