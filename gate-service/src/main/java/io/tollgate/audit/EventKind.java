package io.tollgate.audit;

import java.util.Arrays;
import java.util.Optional;

/**
 * The kinds of event in the chained audit log. The wire name is what is stored in {@code audit_event.kind}
 * and shown by {@code GET /v1/audit/events}; adding a kind needs no migration, removing one would make
 * old records unreadable by name (they still verify: the hash covers the stored text).
 */
public enum EventKind {
    /** A gate decision (policy verdict with its exact input); subject: the decision id. */
    DECISION("decision"),
    /** A release was accepted; subject: the release id. */
    RELEASE_CREATED("release.created"),
    /** A release moved from one state to another; subject: the release id. */
    RELEASE_TRANSITION("release.transition"),
    /** An adapter applied, verified or reset something (flag %, traffic weight); subject: the release id. */
    ADAPTER_ACTION("adapter.action"),
    /** Canary analysis changed its verdict; subject: the release id. */
    ANALYSIS_VERDICT("analysis.verdict"),
    /** A release manager created an override; subject: the override id. */
    OVERRIDE_CREATED("override.created"),
    /** An override was revoked; subject: the override id. */
    OVERRIDE_REVOKED("override.revoked"),
    /** The policy refused a requested override; subject: {@code refused/<service>}. */
    OVERRIDE_REFUSED("override.refused"),
    /** A rollout controller reported an event (Flagger's event webhook); subject: {@code flagger/<name>.<namespace>}. */
    CONTROLLER_EVENT("controller.event"),
    /** A release plan was accepted; subject: the plan id. */
    PLAN_CREATED("plan.created"),
    /** A release plan moved, or started one of its releases (payload {@code releaseId}); subject: the plan id. */
    PLAN_TRANSITION("plan.transition"),
    /** A compensation step of a plan (rollback requested, verified, failed; payload {@code releaseId}); subject: the plan id. */
    PLAN_COMPENSATION("plan.compensation");

    private final String wire;

    EventKind(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    /** The kind with this wire name, or empty. */
    public static Optional<EventKind> fromWire(String wire) {
        return Arrays.stream(values()).filter(k -> k.wire.equals(wire)).findFirst();
    }
}
