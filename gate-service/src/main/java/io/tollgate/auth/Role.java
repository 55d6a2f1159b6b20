package io.tollgate.auth;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/** What a token may do. Permissions are granted per role here and nowhere else. */
public enum Role {
    CI(EnumSet.of(Permission.GATE_CHECK, Permission.START_RELEASE, Permission.READ_RELEASES)),
    RELEASE_MANAGER(EnumSet.of(Permission.GATE_CHECK, Permission.READ_DECISIONS, Permission.READ_AUDIT, Permission.OVERRIDE,
            Permission.READ_OVERRIDES, Permission.START_RELEASE, Permission.READ_RELEASES, Permission.CONTROL_RELEASES,
            Permission.REPLAY_ANALYSIS)),
    VIEWER(EnumSet.of(Permission.READ_DECISIONS, Permission.READ_AUDIT, Permission.READ_RELEASES, Permission.READ_OVERRIDES,
            Permission.REPLAY_ANALYSIS)),
    ADMIN(EnumSet.allOf(Permission.class));

    private final Set<Permission> permissions;

    Role(Set<Permission> permissions) {
        this.permissions = permissions;
    }

    public boolean may(Permission permission) {
        // Every token may learn who it is and what its role grants (GET /v1/whoami): the console hides what it may not do.
        return permission == Permission.READ_IDENTITY || permissions.contains(permission);
    }

    /** The configuration spelling: {@code ci}, {@code release-manager}, {@code viewer}, {@code admin}. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static Role fromWire(String value) {
        for (var r : values()) {
            if (r.wire().equals(value)) {
                return r;
            }
        }
        throw new IllegalArgumentException("unknown role \"" + value + "\"");
    }

    /** What a route may require of its caller; every authenticated route names exactly one. */
    public enum Permission {
        GATE_CHECK("run gate checks"),
        READ_DECISIONS("read decisions"),
        READ_AUDIT("read or verify the audit log"),
        OVERRIDE("create or revoke overrides"),
        READ_OVERRIDES("read overrides"),
        MANAGE_SLOS("reload SLO definitions"),
        START_RELEASE("start releases"),
        READ_RELEASES("read releases"),
        CONTROL_RELEASES("pause, resume, promote, abort or roll back releases"),
        REPLAY_ANALYSIS("replay canary analyses"),
        /** Admin only (granted through ADMIN's allOf): it runs uploaded code over every recorded policy input. */
        REPLAY_POLICY("replay recorded decisions under a candidate policy"),
        /** Granted to every role (see {@link Role#may}): the caller's own subject, role and permissions. */
        READ_IDENTITY("read its own identity");

        private final String action;

        Permission(String action) {
            this.action = action;
        }

        /** What the permission allows, for "role viewer may not ..." messages. */
        public String action() {
            return action;
        }
    }
}
