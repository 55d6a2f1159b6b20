package io.tollgate.override;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tollgate.auth.Principal;
import io.tollgate.identity.Identities;
import io.tollgate.json.Json;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * The JSON shapes of overrides: the permission policy's input, an override inside a check's {@code input.overrides},
 * and the API / audit representation. Timestamps the policy compares are canonical UTC seconds
 * ({@code YYYY-MM-DDTHH:MM:SSZ}), like {@code input.now}.
 */
public final class OverrideInputs {
    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

    private OverrideInputs() {
    }

    /** Input of {@code data.tollgate.override.decision}; {@code changeAuthor} of the release in scope, or null. */
    static ObjectNode permission(NewOverride request, Principal actor, Instant now, String changeAuthor) {
        var input = start("create", actor, now);
        var o = requestJson(request);
        if (request.expiresAt() == null) {
            o.putNull("validForSeconds");
        } else {
            o.put("validForSeconds", Duration.between(now.truncatedTo(ChronoUnit.SECONDS), request.expiresAt()).toSeconds());
        }
        input.set("override", o);
        if (changeAuthor == null) {
            input.putNull("change");
        } else {
            String author = Identities.normalize(changeAuthor);
            var change = input.putObject("change").put("author", author);
            Identities.putSkeletons(change, "author", author);
        }
        return input;
    }

    /**
     * Input of {@code data.tollgate.override.decision} for revoking {@code existing}: the override as stored, the
     * revocation ({@code reason}, {@code ticket} or null) and the authors of the changes it gates.
     */
    static ObjectNode revocation(GateOverride existing, String reason, String ticket, Principal actor, Instant now,
                                 List<String> changeAuthors) {
        var input = start("revoke", actor, now);
        var o = requestJson(existing.spec());
        o.put("id", existing.id());
        String creator = Identities.normalize(existing.createdBy());
        o.put("createdBy", creator);
        Identities.putSkeletons(o, "createdBy", creator);
        input.set("override", o);
        input.putObject("revocation").put("reason", reason).put("ticket", ticket);
        var changes = input.putArray("changes");
        for (String a : changeAuthors) {
            String author = Identities.normalize(a);
            Identities.putSkeletons(changes.addObject().put("author", author), "author", author);
        }
        input.putNull("change");
        return input;
    }

    private static ObjectNode start(String action, Principal actor, Instant now) {
        var input = Json.mapper().createObjectNode();
        input.put("action", action);
        input.put("now", seconds(now));
        var who = input.putObject("actor");
        String subject = Identities.normalize(actor.subject());
        who.put("subject", subject);
        Identities.putSkeletons(who, "subject", subject);
        who.put("role", actor.role().wire());
        return input;
    }

    /** The request as the policy and the audit log see it. */
    static ObjectNode requestJson(NewOverride r) {
        var o = Json.mapper().createObjectNode();
        o.put("effect", r.effect().wire());
        var scope = o.putObject("scope");
        scope.put("service", r.scope().service());
        scope.put("environment", r.scope().environment());
        scope.put("version", r.scope().version());
        scope.put("release", r.scope().releaseId() == null ? null : r.scope().releaseId().toString());
        strings(o, "suppress", r.suppress());
        o.put("reason", r.reason());
        o.put("ticket", r.ticket());
        strings(o, "labels", r.labels());
        o.put("expiresAt", r.expiresAt() == null ? null : seconds(r.expiresAt()));
        return o;
    }

    /** An override as {@code GET /v1/overrides} and its audit events show it. */
    public static ObjectNode json(GateOverride o) {
        var json = Json.mapper().createObjectNode();
        json.put("id", o.id());
        json.setAll(requestJson(o.spec()));
        json.put("createdBy", o.createdBy());
        json.put("createdAt", o.createdAt().toString());
        json.put("revokedAt", o.revokedAt() == null ? null : o.revokedAt().toString());
        json.put("revokedBy", o.revokedBy());
        json.put("revokeReason", o.revokeReason());
        return json;
    }

    /** An override inside a check's {@code input.overrides}. */
    static ObjectNode forCheck(GateOverride o) {
        var json = Json.mapper().createObjectNode();
        json.put("id", o.id());
        json.put("effect", o.effect().wire());
        strings(json, "suppress", o.spec().suppress());
        json.put("createdBy", o.createdBy());
        Identities.putSkeletons(json, "createdBy", Identities.normalize(o.createdBy()));
        json.put("reason", o.spec().reason());
        json.put("ticket", o.spec().ticket());
        json.put("expiresAt", o.spec().expiresAt() == null ? null : seconds(o.spec().expiresAt()));
        return json;
    }

    static String seconds(Instant instant) {
        return SECONDS.format(instant.truncatedTo(ChronoUnit.SECONDS));
    }

    private static void strings(ObjectNode o, String key, List<String> values) {
        var array = o.putArray(key);
        values.forEach(array::add);
    }
}
