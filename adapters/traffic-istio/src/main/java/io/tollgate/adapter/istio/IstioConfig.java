package io.tollgate.adapter.istio;

import io.tollgate.adapter.kubernetes.KubernetesAccess;
import java.util.Objects;

/**
 * One {@code istio} adapter instance.
 *
 * @param access    the cluster, credentials, namespace and call timeout
 * @param httpRoute the VirtualService http route's {@code name}; null: the one http route whose destinations include the stable
 */
public record IstioConfig(KubernetesAccess access, String httpRoute) {
    public IstioConfig {
        Objects.requireNonNull(access, "access");
    }
}
