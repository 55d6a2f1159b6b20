package tollgate

import rego.v1

test_allows_first_rollout_straight_to_canary_5 if {
	allowed(decision) with input as input_with_release({"stage": "canary-5", "previousStage": null})
		with data.tollgate.settings as fixture_settings
}

test_denies_first_rollout_straight_to_canary_25 if {
	d := decision with input as input_with_release({"stage": "canary-25", "previousStage": null})
		with data.tollgate.settings as fixture_settings
	d == {"outcome": "deny", "reasons": [{
		"code": "stage_jump_too_large",
		"message": "going from no previous stage to canary-25 advances 3 stages; at most 2 allowed (max_stage_jump)",
	}]}
}

test_denies_canary_1_to_canary_50 if {
	d := decision with input as input_with_release({"stage": "canary-50", "previousStage": "canary-1"})
		with data.tollgate.settings as fixture_settings
	d.reasons == [{
		"code": "stage_jump_too_large",
		"message": "going from canary-1 to canary-50 advances 3 stages; at most 2 allowed (max_stage_jump)",
	}]
}

test_allows_jump_of_exactly_max_stage_jump if {
	allowed(decision) with input as input_with_release({"stage": "canary-50", "previousStage": "canary-5"})
		with data.tollgate.settings as fixture_settings
}

test_allows_repeating_the_same_stage if {
	allowed(decision) with input as input_with_release({"stage": "canary-25", "previousStage": "canary-25"})
		with data.tollgate.settings as fixture_settings
}

test_allows_rollback_to_earlier_stage if {
	allowed(decision) with input as input_with_release({"stage": "canary-5", "previousStage": "full"})
		with data.tollgate.settings as fixture_settings
}

test_denies_unknown_stage_without_jump_reason if {
	d := decision with input as input_with_release({"stage": "canary-75", "previousStage": null})
		with data.tollgate.settings as fixture_settings
	d == {"outcome": "deny", "reasons": [{
		"code": "unknown_stage",
		"message": "stage \"canary-75\" is not a known stage; known stages: canary-1, canary-5, canary-25, canary-50, full",
	}]}
}

test_denies_unknown_previous_stage_without_jump_reason if {
	d := decision with input as input_with_release({"stage": "full", "previousStage": "beta"})
		with data.tollgate.settings as fixture_settings
	d.reasons == [{
		"code": "unknown_stage",
		"message": "previous stage \"beta\" is not a known stage; known stages: canary-1, canary-5, canary-25, canary-50, full",
	}]
}

test_respects_max_stage_jump_from_data if {
	s := settings_with({"max_stage_jump": 1})
	d := decision with input as input_with_release({"stage": "canary-5", "previousStage": null})
		with data.tollgate.settings as s
	codes(d) == ["stage_jump_too_large"]
}
