package io.tollgate.override;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tollgate.audit.AuditUnavailableException;
import io.tollgate.audit.EventKind;
import io.tollgate.audit.EventLog;
import io.tollgate.audit.NewEvent;
import io.tollgate.auth.Principal;
import io.tollgate.decision.Verdict;
import io.tollgate.gate.ActiveOverrides;
import io.tollgate.json.Json;
import io.tollgate.policy.PolicyEngine;
import io.tollgate.policy.PolicyEntrypoint;
import io.tollgate.policy.PolicyResult;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.logging.Logger;

/**
 * Creates, revokes and finds overrides. Creating and revoking ask the policy first
 * ({@code data.tollgate.override.decision}, {@code input.action} "create" or "revoke"); a refusal is audited
 * ({@code override.refused}) and answered 403. An override takes effect only after its
 * {@code override.created} event committed; a revocation only counts once {@code override.revoked} committed.
 */
public final class OverrideService implements ActiveOverrides {
    private static final Logger LOG = Logger.getLogger(OverrideService.class.getName());
    private static final SecureRandom RANDOM = new SecureRandom();
    /** The actor subject of the checks Tollgate runs for a release it drives. */
    private static final String RELEASE_ACTOR_PREFIX = "tollgate/release/";

    private final OverrideStore store;
    private final EventLog events;
    private final PolicyEngine policy;
    private final ReleaseFacts.Lookup releases;
    private final Clock clock;
    private final InForceCache cache;
    private final GatedChanges gated;

    /**
     * @param gated who wrote the changes an override gates (for revocations)
     * @param clock the time the policy sees (the gate's clock), also deciding expiry
     */
    public OverrideService(OverrideStore store, EventLog events, PolicyEngine policy, ReleaseFacts.Lookup releases,
                           GatedChanges gated, Clock clock) {
        this.store = store;
        this.gated = gated;
        this.events = events;
        this.policy = policy;
        this.releases = releases;
        this.clock = clock;
        this.cache = new InForceCache(store::inForce, Duration.ofSeconds(1));
    }

    /**
     * Creates an override if the policy permits it.
     *
     * @throws OverrideRefusedException   when the policy refuses (the refusal is recorded)
     * @throws OverridePolicyUnavailable  when the policy cannot decide (nothing is created)
     * @throws AuditUnavailableException  when the audit log cannot record it (nothing takes effect)
     */
    public GateOverride create(NewOverride request, Principal actor) {
        Instant now = clock.instant();
        Optional<ReleaseFacts> release = Optional.empty();
        if (request.scope().releaseId() != null) {
            release = releases.find(request.scope().releaseId());
        }
        ObjectNode input = OverrideInputs.permission(request, actor, now, release.map(ReleaseFacts::author).orElse(null));
        String revision = permit(input, actor, "refused/" + request.scope().service(), OverrideInputs.requestJson(request));
        var created = new GateOverride(newId(), request, actor.subject(), now, null, null, null);
        store.insertUnrecorded(created);
        var payload = OverrideInputs.json(created);
        payload.set("policyInput", input);
        payload.put("policyRevision", revision);
        try {
            events.append(new NewEvent(EventKind.OVERRIDE_CREATED, created.id(), actor.subject(), "", payload));
        } catch (RuntimeException e) {
            store.deleteUnrecorded(created.id());
            throw e;
        }
        store.markRecorded(created.id());
        cache.invalidate(request.scope().service(), request.scope().environment());
        LOG.info(() -> "override " + created.id() + " (" + request.effect().wire() + ") created by " + actor.subject());
        return created;
    }

    /**
     * Revokes an override if the policy permits it ({@code input.action "revoke"}): revoking a freeze loosens the
     * gate as much as creating an allow, so the policy judges it alike (a ticket in strict environments; not by the
     * author of a change the freeze holds, {@link GatedChanges}).
     *
     * @param ticket the revocation's ticket, or null
     * @throws OverrideNotFoundException  when there is no such override
     * @throws AlreadyRevoked             when it was revoked before
     * @throws OverrideRefusedException   when the policy refuses (the refusal is recorded)
     * @throws OverridePolicyUnavailable  when the policy cannot decide (nothing is revoked)
     */
    public GateOverride revoke(String id, String reason, String ticket, Principal actor) {
        var existing = store.find(id).orElseThrow(() -> new OverrideNotFoundException(id));
        if (existing.revokedAt() != null) {
            throw new AlreadyRevoked(existing);
        }
        Instant now = clock.instant();
        List<String> authors = existing.effect() == OverrideEffect.FREEZE ? gated.authors(existing) : List.of();
        ObjectNode input = OverrideInputs.revocation(existing, reason, ticket, actor, now, authors);
        String revision = permit(input, actor, existing.id(), OverrideInputs.json(existing));
        if (!store.revoke(id, now, actor.subject(), reason)) {
            throw new AlreadyRevoked(store.find(id).orElse(existing));
        }
        var revoked = new GateOverride(existing.id(), existing.spec(), existing.createdBy(), existing.createdAt(), now, actor.subject(), reason);
        var payload = OverrideInputs.json(revoked);
        payload.set("policyInput", input);
        payload.put("policyRevision", revision);
        try {
            events.append(new NewEvent(EventKind.OVERRIDE_REVOKED, id, actor.subject(), "", payload));
        } catch (RuntimeException e) {
            store.unrevoke(id);
            throw e;
        }
        cache.invalidate(existing.scope().service(), existing.scope().environment());
        return revoked;
    }

    /**
     * Asks the override policy; returns its revision when it permits, else records the refusal
     * ({@code override.refused}, {@code refusal} plus the policy input, revision and reasons) and throws.
     */
    private String permit(ObjectNode input, Principal actor, String subject, ObjectNode refusal) {
        var result = policy.evaluate(PolicyEntrypoint.OVERRIDE, input);
        if (result instanceof PolicyResult.Unavailable u) {
            throw new OverridePolicyUnavailable(u.detail());
        }
        var evaluated = (PolicyResult.Evaluated) result;
        if (!(evaluated.verdict() instanceof Verdict.Allow)) {
            refusal.put("action", input.path("action").asText());
            refusal.set("policyInput", input);
            refusal.put("policyRevision", evaluated.policyRevision());
            refusal.set("reasons", Json.mapper().valueToTree(evaluated.verdict().reasons()));
            events.append(new NewEvent(EventKind.OVERRIDE_REFUSED, subject, actor.subject(), "", refusal));
            throw new OverrideRefusedException(evaluated.verdict().reasons());
        }
        return evaluated.policyRevision();
    }

    /** The time the policy sees; {@code expiresAt} must be after it. */
    public Instant now() {
        return clock.instant();
    }

    /** How a release scope is resolved. */
    public ReleaseFacts.Lookup releases() {
        return releases;
    }

    public GateOverride get(String id) {
        return store.find(id).orElseThrow(() -> new OverrideNotFoundException(id));
    }

    /** Newest first; {@code activeOnly} keeps those in force now. */
    public List<GateOverride> list(String service, String environment, boolean activeOnly, int limit) {
        return store.list(service, environment, activeOnly ? clock.instant() : null, limit);
    }

    @Override
    public ArrayNode forCheck(String service, String environment, String version, Principal actor, Instant now) {
        UUID releaseId = releaseOf(actor);
        var matching = Json.mapper().createArrayNode();
        for (var o : cache.get(service, environment, now)) {
            if (o.activeAt(now) && o.scope().matches(service, environment, version, releaseId)) {
                matching.add(OverrideInputs.forCheck(o));
            }
        }
        return matching;
    }

    /** The release a check is for, when Tollgate runs it for a release it drives. */
    private static UUID releaseOf(Principal actor) {
        if (!actor.subject().startsWith(RELEASE_ACTOR_PREFIX)) {
            return null;
        }
        try {
            return UUID.fromString(actor.subject().substring(RELEASE_ACTOR_PREFIX.length()));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static String newId() {
        byte[] bytes = new byte[10];
        RANDOM.nextBytes(bytes);
        return "ov_" + HexFormat.of().formatHex(bytes);
    }

    /** The policy could not decide whether the override is permitted (503; nothing was created). */
    public static final class OverridePolicyUnavailable extends RuntimeException {
        public OverridePolicyUnavailable(String detail) {
            super("the policy could not decide whether this override is permitted: " + detail);
        }
    }

    /** The override was already revoked (409). */
    public static final class AlreadyRevoked extends RuntimeException {
        private final GateOverride override;

        public AlreadyRevoked(GateOverride override) {
            super("override " + override.id() + " was already revoked"
                    + (override.revokedBy() != null ? " by " + override.revokedBy() + " at " + override.revokedAt() : ""));
            this.override = override;
        }

        public GateOverride override() {
            return override;
        }
    }
}
