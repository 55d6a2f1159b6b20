package io.tollgate.integrations;

import static org.assertj.core.api.Assertions.assertThat;

import io.tollgate.decision.Outcome;
import io.tollgate.decision.Reason;
import java.util.List;
import org.junit.jupiter.api.Test;

class ArgoVerdictTest {
    private static Reason r(String code) {
        return new Reason(code, code);
    }

    @Test
    void maps_allow_to_pass_hold_to_inconclusive_and_deny_to_fail() {
        assertThat(ArgoVerdict.of(Outcome.ALLOW, List.of(r("all_checks_passed")))).isEqualTo(ArgoVerdict.PASS);
        assertThat(ArgoVerdict.of(Outcome.HOLD, List.of(r("frozen_by_override")))).isEqualTo(ArgoVerdict.INCONCLUSIVE);
        assertThat(ArgoVerdict.of(Outcome.DENY, List.of(r("approval_missing")))).isEqualTo(ArgoVerdict.FAIL);
    }

    @Test
    void a_deny_only_because_a_dependency_is_down_pauses_instead_of_aborting() {
        assertThat(ArgoVerdict.of(Outcome.DENY, List.of(r("policy_unavailable")))).isEqualTo(ArgoVerdict.INCONCLUSIVE);
        assertThat(ArgoVerdict.of(Outcome.DENY, List.of(r("sli_unavailable")))).isEqualTo(ArgoVerdict.INCONCLUSIVE);
        assertThat(ArgoVerdict.of(Outcome.DENY, List.of(r("sli_unavailable"), r("approval_missing")))).isEqualTo(ArgoVerdict.FAIL);
    }

    @Test
    void rolls_back_only_on_a_deny_about_the_running_service_or_the_calendar() {
        assertThat(RollbackSignals.rollbackReasons(Outcome.DENY, List.of(r("approval_missing"), r("burn_rate_too_high"))))
                .extracting(Reason::code).containsExactly("burn_rate_too_high");
        assertThat(RollbackSignals.rollbackReasons(Outcome.DENY, List.of(r("approval_missing")))).isEmpty();
        assertThat(RollbackSignals.rollbackReasons(Outcome.DENY, List.of(r("policy_unavailable")))).isEmpty();
        assertThat(RollbackSignals.rollbackReasons(Outcome.HOLD, List.of(r("frozen_by_override")))).isEmpty();
    }
}
