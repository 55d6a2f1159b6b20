# Rules unknown_stage and stage_jump_too_large over the ordered stage list in
# data.tollgate.settings.stages. A null previousStage means nothing has been
# rolled out yet and counts as index -1. Moving backwards (rollback) is allowed.
package tollgate

import rego.v1

stage_index(stage) := i if {
	some i, s in known_stages
	s == stage
}

previous_stage_index := -1 if {
	input.release.previousStage == null
} else := stage_index(input.release.previousStage)

# Both unknown_stage rules are skipped when known_stages is undefined (invalid
# stages data, already denied with policy_data_invalid).
deny_reasons contains reason("unknown_stage", msg) if {
	stage := input.release.stage
	is_string(stage)
	not stage in known_stages
	msg := concat("", ["stage \"", stage, "\" is not a known stage; known stages: ", concat(", ", known_stages)])
}

deny_reasons contains reason("unknown_stage", msg) if {
	previous := input.release.previousStage
	is_string(previous)
	not previous in known_stages
	msg := concat("", ["previous stage \"", previous, "\" is not a known stage; known stages: ", concat(", ", known_stages)])
}

deny_reasons contains reason("stage_jump_too_large", msg) if {
	stage := input.release.stage
	jump := stage_index(stage) - previous_stage_index
	jump > max_stage_jump
	msg := concat("", [
		"going from ", previous_stage_name, " to ", stage, " advances ", format_int(jump, 10),
		" stages; at most ", format_int(max_stage_jump, 10), " allowed (max_stage_jump)",
	])
}

previous_stage_name := input.release.previousStage if {
	is_string(input.release.previousStage)
} else := "no previous stage"
