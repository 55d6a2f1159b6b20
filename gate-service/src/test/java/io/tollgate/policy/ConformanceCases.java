package io.tollgate.policy;

import static io.tollgate.policy.PolicyFixtures.anInput;
import static io.tollgate.policy.PolicyFixtures.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tollgate.decision.Outcome;
import java.util.List;
import java.util.stream.Stream;

/** The conformance table: inputs with the outcome and reason codes the fixture policies must give. */
final class ConformanceCases {
    record Case(String name, JsonNode input, Outcome outcome, List<String> codes) {
        @Override
        public String toString() {
            return name;
        }
    }

    private ConformanceCases() {
    }

    static Stream<Case> all() {
        ObjectNode noChange = anInput().environment("production").build();
        noChange.remove("change");
        ObjectNode noEnvironment = anInput().build();
        ((ObjectNode) noEnvironment.get("release")).remove("environment");
        return Stream.of(
                new Case("allows a staging release", anInput().build(), Outcome.ALLOW, List.of("all_checks_passed")),
                new Case("allows an approved production release", anInput().environment("production").approvals("lee").build(),
                        Outcome.ALLOW, List.of("all_checks_passed")),
                new Case("denies production without approvals", anInput().environment("production").build(),
                        Outcome.DENY, List.of("approval_missing")),
                new Case("denies production when change is missing", noChange, Outcome.DENY, List.of("approval_missing")),
                new Case("denies a blocked stage", anInput().stage("blocked").build(), Outcome.DENY, List.of("stage_blocked")),
                new Case("denies a frozen service from data.json", anInput().service("mainframe").build(),
                        Outcome.DENY, List.of("frozen_service")),
                new Case("holds a held service", anInput().service("held").build(), Outcome.HOLD, List.of("service_held")),
                new Case("holds in a dry run too", anInput().service("held").dryRun().build(), Outcome.HOLD, List.of("service_held")),
                new Case("deny wins over hold", anInput().service("held").environment("production").build(),
                        Outcome.DENY, List.of("approval_missing")),
                new Case("gives every deny reason, sorted", anInput().service("legacy-billing").environment("production")
                        .stage("blocked").build(), Outcome.DENY, List.of("approval_missing", "frozen_service", "stage_blocked")),
                new Case("denies an empty input", json("{}"), Outcome.DENY, List.of("missing_release")),
                new Case("allows when environment is missing", noEnvironment, Outcome.ALLOW, List.of("all_checks_passed")),
                new Case("keeps unicode in messages", anInput().service("zürich-✓").stage("blocked").build(),
                        Outcome.DENY, List.of("stage_blocked")));
    }

    /** Inputs for the policies the service ships (policies/), with the outcome each rule must give. */
    static Stream<Case> shipped() {
        return Stream.of(
                new Case("allows an approved production canary", anInput().environment("production").stage("canary-5")
                        .approvals("lee").build(), Outcome.ALLOW, List.of("all_checks_passed")),
                new Case("denies production beyond the first canary without approval", anInput().environment("production")
                        .stage("canary-5").build(), Outcome.DENY, List.of("approval_missing")),
                new Case("denies a self-approved production canary", anInput().environment("production").stage("canary-5")
                        .approvals("dana").build(), Outcome.DENY, List.of("approval_missing")),
                new Case("allows the first production canary without approval", anInput().environment("production")
                        .stage("canary-1").build(), Outcome.ALLOW, List.of("all_checks_passed")),
                new Case("denies a jump of three stages", anInput().stage("canary-50").previousStage("canary-1").build(),
                        Outcome.DENY, List.of("stage_jump_too_large")),
                new Case("allows a rollback", anInput().stage("canary-1").previousStage("full").build(),
                        Outcome.ALLOW, List.of("all_checks_passed")),
                new Case("denies an unknown stage", anInput().stage("canary-7").build(), Outcome.DENY, List.of("unknown_stage")),
                new Case("denies production in the year-end freeze", anInput().environment("production").stage("canary-1")
                        .now("2026-12-24T12:00:00Z").build(), Outcome.DENY, List.of("freeze_window_active")),
                new Case("allows staging in the year-end freeze", anInput().stage("canary-1").now("2026-12-24T12:00:00Z").build(),
                        Outcome.ALLOW, List.of("all_checks_passed")),
                new Case("gives every deny reason at once", anInput().environment("production").stage("full")
                        .now("2026-12-24T12:00:00Z").build(), Outcome.DENY,
                        List.of("approval_missing", "freeze_window_active", "stage_jump_too_large")),
                new Case("denies a malformed now", anInput().now("yesterday").stage("canary-1").build(),
                        Outcome.DENY, List.of("input_invalid")),
                new Case("denies an empty input", json("{}"), Outcome.DENY, List.of("input_invalid")),
                new Case("denies a fast burn over both windows", anInput().stage("canary-1").slo("checkout-availability", 0.999, 0.6, 16.25, 15.05).build(),
                        Outcome.DENY, List.of("burn_rate_too_high")),
                new Case("allows a burn over the long window only", anInput().stage("canary-1").slo("checkout-availability", 0.999, 0.6, 16.25, 3.0).build(),
                        Outcome.ALLOW, List.of("all_checks_passed")),
                new Case("freezes production when the budget is exhausted", anInput().environment("production").stage("canary-1")
                        .slo("checkout-availability", 0.999, -8.9999, 10.0, 10.0).build(), Outcome.DENY, List.of("error_budget_exhausted")),
                new Case("holds when an SLO cannot be read", anInput().stage("canary-1")
                        .unavailableSlo("checkout-latency", "prometheus unavailable: connection refused").build(), Outcome.HOLD, List.of("sli_unavailable")),
                new Case("denies self-approval with a Cyrillic look-alike", anInput().environment("production").stage("canary-5")
                        .approvals("d\u0430na").build(), Outcome.DENY, List.of("approval_missing")),
                new Case("denies self-approval with a zero-width space", anInput().environment("production").stage("canary-5")
                        .approvals("dana\u200b").build(), Outcome.DENY, List.of("approval_missing")),
                new Case("denies an invisible approval", anInput().environment("production").stage("canary-5")
                        .approvals("\u200b").build(), Outcome.DENY, List.of("approval_missing")),
                new Case("denies self-approval in other letters and case", anInput().environment("production").stage("canary-5")
                        .author("Dana").approvals("D\u0410NA", "\uff44\uff41\uff4e\uff41").build(), Outcome.DENY, List.of("approval_missing")),
                new Case("allows a look-alike self-approval next to an independent one", anInput().environment("production")
                        .stage("canary-5").approvals("d\u0430na", "lee").build(), Outcome.ALLOW, List.of("all_checks_passed")),
                new Case("denies an unknown environment", anInput().environment("prod").stage("canary-1").build(),
                        Outcome.DENY, List.of("unknown_environment")),
                new Case("denies an environment in another case", anInput().environment("Production").stage("canary-5").build(),
                        Outcome.DENY, List.of("unknown_environment")),
                new Case("allows development", anInput().environment("development").stage("canary-1").build(),
                        Outcome.ALLOW, List.of("all_checks_passed")),
                new Case("holds after an inconclusive canary analysis", anInput().stage("canary-5").previousStage("canary-1")
                        .analysis("inconclusive").build(), Outcome.HOLD, List.of("insufficient_data")),
                new Case("holds production until the analysis passed", anInput().environment("production").stage("canary-5")
                        .previousStage("canary-1").approvals("lee").analysis("inconclusive").build(), Outcome.HOLD,
                        List.of("analysis_not_passed", "insufficient_data")),
                new Case("denies after a failed canary analysis", anInput().stage("canary-5").previousStage("canary-1")
                        .analysis("fail").build(), Outcome.DENY, List.of("analysis_failed")),
                new Case("allows after a passed canary analysis", anInput().environment("production").stage("canary-5")
                        .previousStage("canary-1").approvals("lee").analysis("pass").build(), Outcome.ALLOW, List.of("all_checks_passed")));
    }
}
