package io.tollgate.decision;

import java.util.List;

/**
 * What a gate decided, with its reasons. Deny and hold always carry at least one reason;
 * reasons are kept sorted so equal decisions compare equal whichever engine produced them.
 */
public sealed interface Verdict permits Verdict.Allow, Verdict.Deny, Verdict.Hold {

    List<Reason> reasons();

    Outcome outcome();

    record Allow(List<Reason> reasons) implements Verdict {
        public Allow {
            reasons = List.copyOf(reasons).stream().sorted().toList();
        }

        @Override
        public Outcome outcome() {
            return Outcome.ALLOW;
        }
    }

    record Deny(List<Reason> reasons) implements Verdict {
        public Deny {
            reasons = requireReasons(reasons, "deny");
        }

        @Override
        public Outcome outcome() {
            return Outcome.DENY;
        }
    }

    record Hold(List<Reason> reasons) implements Verdict {
        public Hold {
            reasons = requireReasons(reasons, "hold");
        }

        @Override
        public Outcome outcome() {
            return Outcome.HOLD;
        }
    }

    static Verdict of(Outcome outcome, List<Reason> reasons) {
        return switch (outcome) {
            case ALLOW -> new Allow(reasons);
            case DENY -> new Deny(reasons);
            case HOLD -> new Hold(reasons);
        };
    }

    private static List<Reason> requireReasons(List<Reason> reasons, String outcome) {
        if (reasons == null || reasons.isEmpty()) {
            throw new IllegalArgumentException("a " + outcome + " verdict needs at least one reason");
        }
        return reasons.stream().sorted().toList();
    }
}
