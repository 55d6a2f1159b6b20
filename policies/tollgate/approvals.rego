# Rule approval_missing: past the first stage, environments listed in
# approval_required_environments need an approval from someone other than the
# change's author. An approval is the author's when same_person (identity.rego)
# says so: the names match case-insensitively, or their confusable skeletons
# match (gate-service computes them: UTS #39, ICU4J; see docs/policies.md), so
# "dаna" with a Cyrillic а and "DANA" are the author "dana".
package tollgate

import rego.v1

# Skipped when author, approvals or their skeletons are invalid (already denied
# with input_invalid).
deny_reasons contains reason("approval_missing", msg) if {
	env := input.release.environment
	env in approval_required_environments
	stage := input.release.stage
	stage_index(stage) > 0
	author := input.change.author
	non_empty_string(author)
	non_empty_string(input.change.authorSkeleton)
	string_array(input.change.approvals)
	string_array(input.change.approvalSkeletons)
	approval_skeletons_match
	not independent_approval
	msg := concat("", [
		"stage ", stage, " in ", env, " needs an approval from someone other than the author ",
		author, " (self-approvals do not count, nor do look-alike names)",
	])
}

# Blank approvals and invisible ones (empty skeleton) do not count, nor does
# the author under another case or a look-alike name (same_person, identity.rego).
independent_approval if {
	change := input.change
	some i, approver in change.approvals
	non_empty_string(approver)
	non_empty_string(change.approvalSkeletons[i])
	approval := [approver, change.approvalSkeletons[i], string_at(object.get(change, "approvalFoldedSkeletons", []), i)]
	not same_person(change_author, approval)
}
