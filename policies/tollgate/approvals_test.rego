package tollgate

import rego.v1

test_denies_production_canary_25_without_independent_approval if {
	req := object.union(example_input, {
		"release": object.union(example_input.release, {"stage": "canary-25", "previousStage": "canary-5"}),
		"change": object.union(example_input.change, {"approvals": []}),
	})
	d := decision with input as req with data.tollgate.settings as fixture_settings
	d == {"outcome": "deny", "reasons": [{
		"code": "approval_missing",
		"message": "stage canary-25 in production needs an approval from someone other than the author dana (self-approvals do not count)",
	}]}
}

test_denies_production_when_author_approves_own_change if {
	d := decision with input as input_with_change({"approvals": ["dana"]}) with data.tollgate.settings as fixture_settings
	codes(d) == ["approval_missing"]
}

test_denies_self_approval_matched_case_insensitively if {
	d := decision with input as input_with_change({"author": "Dana", "approvals": ["DANA", " dana "]})
		with data.tollgate.settings as fixture_settings
	codes(d) == ["approval_missing"]
}

test_denies_blank_approval if {
	d := decision with input as input_with_change({"approvals": ["", "  "]}) with data.tollgate.settings as fixture_settings
	codes(d) == ["approval_missing"]
}

test_allows_self_approval_plus_independent_approval if {
	allowed(decision) with input as input_with_change({"approvals": ["dana", "Lee"]}) with data.tollgate.settings as fixture_settings
}

test_allows_first_stage_in_production_without_approval if {
	req := object.union(example_input, {
		"release": object.union(example_input.release, {"stage": "canary-1"}),
		"change": object.union(example_input.change, {"approvals": []}),
	})
	allowed(decision) with input as req with data.tollgate.settings as fixture_settings
}

test_allows_staging_without_approval if {
	req := object.union(example_input, {
		"release": object.union(example_input.release, {"environment": "staging"}),
		"change": object.union(example_input.change, {"approvals": []}),
	})
	allowed(decision) with input as req with data.tollgate.settings as fixture_settings
}
