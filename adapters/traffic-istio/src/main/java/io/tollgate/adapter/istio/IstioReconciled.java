package io.tollgate.adapter.istio;

import java.util.List;
import java.util.Map;

/**
 * Whether istiod has pushed a VirtualService's current generation to its proxies, from the status it writes with config
 * distribution tracking on ({@code istio.meta.v1alpha1.IstioStatus}): a {@code Reconciled} condition True whose
 * {@code observedGeneration} (the condition's, else the status's) is {@code metadata.generation}. False means "not
 * every proxy has it yet" (istiod's message counts them), so it is no verdict: it stays "not yet". Pure.
 */
final class IstioReconciled {
    private IstioReconciled() {
    }

    /** Null when reconciled; else what was seen, for a Pending answer. */
    static String notYet(long generation, Map<?, ?> status) {
        Map<?, ?> condition = null;
        if (status != null && status.get("conditions") instanceof List<?> conditions) {
            for (Object c : conditions) {
                if (c instanceof Map<?, ?> m && "Reconciled".equals(m.get("type"))) {
                    condition = m;
                }
            }
        }
        if (condition == null) {
            return "istiod has written no Reconciled condition for generation " + generation
                    + " (is config distribution tracking on?)";
        }
        Object observed = condition.get("observedGeneration") != null ? condition.get("observedGeneration")
                : status.get("observedGeneration");
        long seen = observed instanceof Number n ? n.longValue() : observed instanceof String t && t.matches("\\d{1,18}") ? Long.parseLong(t) : -1;
        if (seen != generation) {
            return "Reconciled is for generation " + seen + ", the VirtualService is at " + generation + " (not pushed yet)";
        }
        if (!"True".equals(condition.get("status"))) {
            return "Reconciled=" + condition.get("status") + " at generation " + generation + " (" + condition.get("reason") + ": "
                    + condition.get("message") + ")";
        }
        return null;
    }
}
