# Rule approval_missing: past the first stage, environments listed in
# approval_required_environments need an approval from someone other than the
# change's author (compared case-insensitively, ignoring surrounding spaces).
package tollgate

import rego.v1

deny_reasons contains reason("approval_missing", msg) if {
	env := input.release.environment
	env in approval_required_environments
	stage := input.release.stage
	stage_index(stage) > 0
	author := input.change.author
	non_empty_string(author)
	string_array(input.change.approvals)
	not independent_approval
	msg := concat("", [
		"stage ", stage, " in ", env, " needs an approval from someone other than the author ",
		author, " (self-approvals do not count)",
	])
}

independent_approval if {
	author := normalize_person(input.change.author)
	some approver in input.change.approvals
	non_empty_string(approver)
	normalize_person(approver) != author
}

normalize_person(name) := lower(trim_space(name))
