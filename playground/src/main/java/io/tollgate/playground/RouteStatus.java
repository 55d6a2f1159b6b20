package io.tollgate.playground;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What a Gateway API controller writes once its data plane follows a new generation of an HTTPRoute: for every
 * {@code spec.parentRefs} entry a {@code status.parents} entry with Accepted and ResolvedRefs True at that
 * {@code observedGeneration}. The playground's router is the data plane, so it reports as the controller would, and
 * Tollgate's {@code gateway-api} adapter can run with its default {@code requireAcceptance: true}.
 */
final class RouteStatus {
    static final String CONTROLLER = "tollgate.io/playground-router";

    private RouteStatus() {
    }

    /** Writes the status subresource of {@code route} (as read, so a concurrent change fails the write: try again later). */
    static void accept(KubernetesClient admin, RouteKind kind, GenericKubernetesResource route, long generation) {
        Map<?, ?> spec = route.get("spec");
        var parents = new ArrayList<Map<String, Object>>();
        String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        for (Object ref : spec != null && spec.get("parentRefs") instanceof List<?> refs ? refs : List.of()) {
            parents.add(Map.of("parentRef", ref, "controllerName", CONTROLLER, "conditions", List.of(
                    condition("Accepted", "Accepted", "the playground router follows this generation", generation, now),
                    condition("ResolvedRefs", "ResolvedRefs", "every backendRef is a Service it routes to", generation, now))));
        }
        route.setAdditionalProperty("status", Map.of("parents", parents));
        admin.genericKubernetesResources(kind.apiVersion, kind.kind).inNamespace(route.getMetadata().getNamespace())
                .resource(route).updateStatus();
    }

    private static Map<String, Object> condition(String type, String reason, String message, long generation, String now) {
        return Map.of("type", type, "status", "True", "reason", reason, "message", message, "observedGeneration", generation,
                "lastTransitionTime", now);
    }
}
