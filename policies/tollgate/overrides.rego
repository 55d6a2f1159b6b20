# Overrides: release managers' recorded exceptions (POST /v1/overrides).
# Tollgate puts the active overrides whose scope matches a check into
# input.overrides; the policy applies them here, so a recorded decision can be
# replayed from its input alone.
#   freeze: every check holds with frozen_by_override.
#   allow:  a deny or hold whose reasons ALL have codes in the override's
#           suppress list becomes allow; the answer names the override, its
#           author and reason, and keeps the suppressed reasons.
# Whether an override may be created at all is decided by
# data.tollgate.override.decision (override/permission.rego).
package tollgate

import rego.v1

# Reason codes no override may suppress: the policy could not judge, the check
# itself is broken, or another release manager froze the service.
non_overridable_reasons := {"policy_unavailable", "policy_data_invalid", "input_invalid", "frozen_by_override"}

input_overrides := input.overrides if {
	is_array(input.overrides)
} else := []

# Expiry is checked again here (Tollgate already filters): the answer must not
# depend on when the input was assembled.
active_overrides contains o if {
	some o in input_overrides
	is_object(o)
	non_empty_string(o.id)
	not override_expired(o)
}

override_expired(o) if {
	is_string(o.expiresAt)
	o.expiresAt <= input.now
}

hold_reasons contains reason("frozen_by_override", msg) if {
	some o in active_overrides
	o.effect == "freeze"
	msg := concat("", [
		input.release.environment, " is frozen by override ", o.id,
		" of ", o.createdBy, ": ", o.reason,
	])
}

blocking_reasons := deny_reasons | hold_reasons

# The author of a change may not override their own change (same_person,
# identity.rego: case and look-alikes do not make another person).
override_by_change_author(o) if {
	creator := [object.get(o, "createdBy", ""), object.get(o, "createdBySkeleton", ""), object.get(o, "createdByFoldedSkeleton", "")]
	same_person(creator, change_author)
}

change_author := [
	object.get(input.change, "author", ""),
	object.get(input.change, "authorSkeleton", ""),
	object.get(input.change, "authorFoldedSkeleton", ""),
]

warning_reasons contains reason("override_not_applied", msg) if {
	some o in active_overrides
	o.effect == "allow"
	override_by_change_author(o)
	msg := concat("", ["override ", o.id, " of ", o.createdBy, " is not applied: its author is the change's author"])
}

applicable_allow_overrides contains o if {
	count(blocking_reasons) > 0
	some o in active_overrides
	o.effect == "allow"
	string_array(o.suppress)
	every r in blocking_reasons {
		r.code in o.suppress
		not r.code in non_overridable_reasons
	}
	not override_by_change_author(o)
}

# With several applicable overrides the one with the smallest id is named, so
# the answer is deterministic.
applied_override := o if {
	ids := sort([x.id | some x in applicable_allow_overrides])
	count(ids) > 0
	some o in applicable_allow_overrides
	o.id == ids[0]
}

override_allow_decision := outcome_decision("allow", {reason("allowed_by_override", msg)} | blocking_reasons) if {
	o := applied_override
	codes := sort({r.code | some r in blocking_reasons})
	msg := concat("", [
		"allowed by override ", o.id, " of ", o.createdBy, ": ", o.reason,
		" (suppressed: ", concat(", ", codes), ")",
	])
}
