package io.tollgate.adapter.gatewayapi;

import io.tollgate.adapter.kubernetes.KubernetesAccess;
import io.tollgate.adapter.kubernetes.ReconcileWait;
import java.time.Duration;
import java.util.Objects;

/**
 * One {@code gateway-api} adapter instance.
 *
 * @param access            the cluster, credentials, namespace and call timeout
 * @param rule              the HTTPRoute rule's {@code name}; null: the one rule whose backendRefs include the stable Service
 * @param requireAcceptance true (default): {@code observe} answers Observed only when every parent Gateway has
 *                          accepted the current generation of the route; false where no controller writes route status
 * @param acceptanceTimeout with {@code requireAcceptance}: how long a release waits after a change for the parents to
 *                          accept it before it halts
 */
public record GatewayApiConfig(KubernetesAccess access, String rule, boolean requireAcceptance, Duration acceptanceTimeout) {
    public static final Duration DEFAULT_ACCEPTANCE_TIMEOUT = ReconcileWait.DEFAULT_TIMEOUT;

    public GatewayApiConfig {
        Objects.requireNonNull(access, "access");
        Objects.requireNonNull(acceptanceTimeout, "acceptanceTimeout");
    }

    /** With the default acceptance timeout. */
    public GatewayApiConfig(KubernetesAccess access, String rule, boolean requireAcceptance) {
        this(access, rule, requireAcceptance, DEFAULT_ACCEPTANCE_TIMEOUT);
    }
}
