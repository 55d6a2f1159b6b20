package io.tollgate.adapter.kubernetes;

import java.util.Map;

/** A minimal HTTPRoute-like shape for tests of the shared mechanics: {@code rules[].backendRefs[]}, named, weight default 1. */
enum BackendRefs implements WeightedSplit.Shape {
    SHAPE;

    @Override
    public String rulesKey() {
        return "rules";
    }

    @Override
    public String destinationsKey() {
        return "backendRefs";
    }

    @Override
    public String id(Map<?, ?> d) {
        return (String) d.get("name");
    }

    @Override
    public long weight(Map<?, ?> d, int count) {
        return d.get("weight") instanceof Number n ? n.longValue() : 1;
    }
}
