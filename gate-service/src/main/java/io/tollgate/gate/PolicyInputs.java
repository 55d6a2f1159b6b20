package io.tollgate.gate;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tollgate.auth.Principal;
import io.tollgate.identity.Identities;
import io.tollgate.json.Json;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/**
 * Builds the policy input, the documented contract between Java and Rego (docs/policies.md).
 * Every key is always present so policies never meet an undefined field by accident. Identities
 * (author, approvals, actor subject) are NFKC-normalized, with both confusable skeletons for author and
 * approvals ({@link Identities#putSkeletons}).
 */
public final class PolicyInputs {
    /** Fixed-width UTC so Rego can compare instants as strings (the Wasm engine has no time builtins). */
    private static final DateTimeFormatter NOW = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

    private PolicyInputs() {
    }

    /** As {@link #of(GateCheckRequest, Principal, Instant, ArrayNode, ArrayNode)} with no overrides in force. */
    public static ObjectNode of(GateCheckRequest request, Principal actor, Instant now, ArrayNode slos) {
        return of(request, actor, now, slos, Json.mapper().createArrayNode());
    }

    /**
     * @param slos      the service's SLO states ({@code input.slos}); empty when it has none
     * @param overrides the overrides in force that match this check ({@code input.overrides}; see overrides.rego)
     */
    public static ObjectNode of(GateCheckRequest request, Principal actor, Instant now, ArrayNode slos, ArrayNode overrides) {
        return of(request, actor, now, slos, overrides, null);
    }

    /**
     * @param analysis the canary analysis of the stage a release just baked ({@code input.analysis}, see analysis.rego);
     *                 null (written as JSON null) for plain checks and releases without analysis
     */
    public static ObjectNode of(GateCheckRequest request, Principal actor, Instant now, ArrayNode slos, ArrayNode overrides,
                                ObjectNode analysis) {
        var input = Json.mapper().createObjectNode();
        input.put("now", NOW.format(now.truncatedTo(ChronoUnit.SECONDS)));
        var release = input.putObject("release");
        release.put("service", request.service());
        release.put("version", request.version());
        release.put("environment", request.environment());
        release.put("stage", request.stage());
        if (request.previousStage() == null) {
            release.putNull("previousStage");
        } else {
            release.put("previousStage", request.previousStage());
        }
        var change = input.putObject("change");
        change.put("commit", request.change().commit());
        change.put("pipeline", request.change().pipeline());
        // NFKC again (idempotent) for checks that do not come through the HTTP parser, and both confusable
        // skeletons so the policy can tell that "dаna" (Cyrillic а) and "DANA" are the author "dana".
        String author = Identities.normalize(request.change().author());
        change.put("author", author);
        Identities.putSkeletons(change, "author", author);
        var approvals = change.putArray("approvals");
        var approvalSkeletons = change.putArray("approvalSkeletons");
        var approvalFoldedSkeletons = change.putArray("approvalFoldedSkeletons");
        for (String approval : request.change().approvals()) {
            String normalized = Identities.normalize(approval);
            approvals.add(normalized);
            approvalSkeletons.add(Identities.skeleton(normalized));
            approvalFoldedSkeletons.add(Identities.foldedSkeleton(normalized));
        }
        var labels = change.putArray("labels");
        request.change().labels().forEach(labels::add);
        if (request.change().committedAt() != null) {
            // Only when given, so inputs recorded before the field existed read the same.
            change.put("committedAt", request.change().committedAt().toString());
        }
        var who = input.putObject("actor");
        who.put("subject", Identities.normalize(actor.subject()));
        who.put("role", actor.role().wire());
        input.put("dryRun", request.dryRun());
        input.set("slos", slos);
        input.set("overrides", overrides);
        if (analysis == null) {
            input.putNull("analysis");
        } else {
            input.set("analysis", analysis);
        }
        return input;
    }
}
