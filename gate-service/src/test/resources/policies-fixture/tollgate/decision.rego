# Test-only policy set: small, known rules so engine tests do not depend on the shipped policies.
package tollgate

import rego.v1

deny contains {"code": "approval_missing", "message": "production releases need at least one approval"} if {
	input.release.environment == "production"
	not has_approval
}

deny contains {"code": "stage_blocked", "message": sprintf("stage %q of %s is blocked", [input.release.stage, input.release.service])} if {
	input.release.stage == "blocked"
}

deny contains {"code": "frozen_service", "message": sprintf("%s is frozen", [input.release.service])} if {
	input.release.service in data.tollgate.settings.frozenServices
}

deny contains {"code": "missing_release", "message": "input has no release"} if {
	not input.release
}

hold contains {"code": "service_held", "message": "service is on hold"} if {
	input.release.service == "held"
}

# Deliberately expensive (about 10^7 steps): lets tests drive an evaluation past its deadline.
hold contains {"code": "heavy", "message": sprintf("%d", [n])} if {
	input.release.service == "heavy"
	n := count([x | some x in numbers.range(1, 3000); some y in numbers.range(1, 3000); x == y + 1])
}

# A missing change or approvals list counts as no approval.
has_approval if count(input.change.approvals) > 0

default decision := {"outcome": "allow", "reasons": [{"code": "all_checks_passed", "message": "all checks passed"}]}

decision := {"outcome": "deny", "reasons": deny} if count(deny) > 0

decision := {"outcome": "hold", "reasons": hold} if {
	count(deny) == 0
	count(hold) > 0
}
