package io.tollgate.adapter.istio;

import io.tollgate.adapter.kubernetes.KubernetesAccess;
import io.tollgate.adapter.kubernetes.ReconcileWait;
import java.time.Duration;
import java.util.Objects;

/**
 * One {@code istio} adapter instance.
 *
 * @param access            the cluster, credentials, namespace and call timeout
 * @param httpRoute         the VirtualService http route's {@code name}; null: the one http route whose destinations include the stable
 * @param requireReconciled true where istiod writes status (config distribution tracking): {@code observe} answers
 *                          Observed only once its {@code Reconciled} condition is True for the current generation;
 *                          false (default): the spec is all there is
 * @param reconcileTimeout  with {@code requireReconciled}: how long a release waits after a change for it before it halts
 */
public record IstioConfig(KubernetesAccess access, String httpRoute, boolean requireReconciled, Duration reconcileTimeout) {
    public static final Duration DEFAULT_RECONCILE_TIMEOUT = ReconcileWait.DEFAULT_TIMEOUT;

    public IstioConfig {
        Objects.requireNonNull(access, "access");
        Objects.requireNonNull(reconcileTimeout, "reconcileTimeout");
    }

    /** Without reading istiod's status (its default: it writes none). */
    public IstioConfig(KubernetesAccess access, String httpRoute) {
        this(access, httpRoute, false, DEFAULT_RECONCILE_TIMEOUT);
    }
}
