package io.tollgate.integrations;

import java.util.Arrays;
import java.util.Optional;

/** The webhooks Flagger calls (its {@code HookType}), each with what Tollgate does for it. */
public enum FlaggerHook {
    CONFIRM_ROLLOUT("confirm-rollout", Role.GATE),
    PRE_ROLLOUT("pre-rollout", Role.GATE),
    ROLLOUT("rollout", Role.GATE),
    CONFIRM_TRAFFIC_INCREASE("confirm-traffic-increase", Role.GATE),
    CONFIRM_PROMOTION("confirm-promotion", Role.GATE),
    POST_ROLLOUT("post-rollout", Role.GATE),
    ROLLBACK("rollback", Role.ROLLBACK),
    EVENT("event", Role.EVENT);

    /** GATE: a gate check, 200 proceeds and 403 halts. ROLLBACK: a gate check, 200 rolls back. EVENT: recorded only. */
    public enum Role { GATE, ROLLBACK, EVENT }

    private final String wire;
    private final Role role;

    FlaggerHook(String wire, Role role) {
        this.wire = wire;
        this.role = role;
    }

    public String wire() {
        return wire;
    }

    public Role role() {
        return role;
    }

    /** The hook with this path segment, or empty. */
    public static Optional<FlaggerHook> fromWire(String wire) {
        return Arrays.stream(values()).filter(h -> h.wire.equals(wire)).findFirst();
    }

    /** The path segments, for "allowed: …" messages. */
    public static String allowed() {
        return String.join(", ", Arrays.stream(values()).map(FlaggerHook::wire).toList());
    }
}
