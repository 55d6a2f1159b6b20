# Rule approval_missing: past the first stage, environments listed in
# approval_required_environments need an approval from someone other than the
# change's author. An approval is the author's when the names match
# case-insensitively (ignoring surrounding spaces) or when their confusable
# skeletons match: gate-service computes them (UTS #39, ICU4J; see
# docs/policies.md), so "dаna" with a Cyrillic а is the author "dana".
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

# Blank approvals and invisible ones (empty skeleton) do not count.
independent_approval if {
	author := normalize_person(input.change.author)
	author_skeleton := input.change.authorSkeleton
	some i, approver in input.change.approvals
	non_empty_string(approver)
	normalize_person(approver) != author
	skeleton := input.change.approvalSkeletons[i]
	non_empty_string(skeleton)
	skeleton != author_skeleton
}

normalize_person(name) := lower(trim_space(name))
