package io.tollgate.override;

import io.tollgate.decision.Reason;
import java.util.List;

/** The policy did not permit an override (403 with the policy's reasons); the refusal is already audited. */
public final class OverrideRefusedException extends RuntimeException {
    private final List<Reason> reasons;

    public OverrideRefusedException(List<Reason> reasons) {
        super("the policy does not permit this override: "
                + String.join("; ", reasons.stream().map(Reason::message).toList()));
        this.reasons = List.copyOf(reasons);
    }

    public List<Reason> reasons() {
        return reasons;
    }
}
