package io.tollgate.integrations;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tollgate.json.Json;
import io.tollgate.support.Requests;
import java.util.LinkedHashMap;
import java.util.Map;

/** Request bodies as the controllers send them. */
final class ControllerRequests {
    private ControllerRequests() {
    }

    /** The check body plus the {@code rollout} an Argo AnalysisTemplate fills from its args. */
    static ObjectNode argoGate(Requests.CheckBuilder check, String rolloutName, String podTemplateHash) {
        var body = check.json();
        body.putObject("rollout").put("namespace", "shop").put("name", rolloutName).put("podTemplateHash", podTemplateHash);
        return body;
    }

    /** The metadata a Canary's webhook carries for the README's check (checkout 1.4.2 to production canary-5). */
    static Map<String, String> flaggerMetadata() {
        var m = new LinkedHashMap<String, String>();
        m.put("service", "checkout");
        m.put("version", "1.4.2");
        m.put("environment", "production");
        m.put("stage", "canary-5");
        m.put("previousStage", "canary-1");
        m.put("commit", "9f2c1e7");
        m.put("pipeline", "build-812");
        m.put("author", "dana");
        m.put("approvals", "lee");
        m.put("labels", "");
        return m;
    }

    /**
     * Flagger's {@code CanaryWebhookPayload} as {@code encoding/json} writes it (pkg/apis/flagger/v1beta1/canary.go):
     * name, namespace, phase, checksum, and metadata (left out when empty).
     */
    static String flaggerPayload(String name, String phase, String checksum, Map<String, String> metadata) {
        ObjectNode body = Json.mapper().createObjectNode();
        body.put("name", name).put("namespace", "shop").put("phase", phase).put("checksum", checksum);
        if (!metadata.isEmpty()) {
            var m = body.putObject("metadata");
            metadata.forEach(m::put);
        }
        return body.toString();
    }
}
