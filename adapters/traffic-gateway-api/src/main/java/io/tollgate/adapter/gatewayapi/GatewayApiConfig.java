package io.tollgate.adapter.gatewayapi;

import io.tollgate.adapter.kubernetes.KubernetesAccess;
import java.util.Objects;

/**
 * One {@code gateway-api} adapter instance.
 *
 * @param access            the cluster, credentials, namespace and call timeout
 * @param rule              the HTTPRoute rule's {@code name}; null: the one rule whose backendRefs include the stable Service
 * @param requireAcceptance true (default): {@code observe} answers Observed only when every parent Gateway has
 *                          accepted the current generation of the route; false where no controller writes route status
 */
public record GatewayApiConfig(KubernetesAccess access, String rule, boolean requireAcceptance) {
    public GatewayApiConfig {
        Objects.requireNonNull(access, "access");
    }
}
