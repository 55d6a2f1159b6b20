package tollgate

import rego.v1

test_denies_malformed_freeze_window_start if {
	s := settings_with({"freeze_windows": [{
		"name": "year-end-2026", "start": "2026-12-21", "end": "2027-01-04T00:00:00Z",
		"environments": ["production"],
	}]})
	d := decision with input as example_input with data.tollgate.settings as s
	d == {"outcome": "deny", "reasons": [{
		"code": "policy_data_invalid",
		"message": "data.tollgate.settings.freeze_windows[0] (year-end-2026): start must be a UTC timestamp of the form YYYY-MM-DDTHH:MM:SSZ, got \"2026-12-21\"",
	}]}
}

test_denies_malformed_freeze_window_end_even_for_staging if {
	s := settings_with({"freeze_windows": [{
		"name": "x", "start": "2026-12-21T00:00:00Z", "end": 20270104,
		"environments": ["production"],
	}]})
	d := decision with input as input_with_release({"environment": "staging"}) with data.tollgate.settings as s
	d.reasons == [{
		"code": "policy_data_invalid",
		"message": "data.tollgate.settings.freeze_windows[0] (x): end must be a UTC timestamp of the form YYYY-MM-DDTHH:MM:SSZ, got a value of type number",
	}]
}

test_denies_freeze_window_ending_before_it_starts if {
	s := settings_with({"freeze_windows": [{
		"name": "x", "start": "2027-01-04T00:00:00Z", "end": "2026-12-21T00:00:00Z",
		"environments": ["production"],
	}]})
	d := decision with input as example_input with data.tollgate.settings as s
	d.reasons == [{
		"code": "policy_data_invalid",
		"message": "data.tollgate.settings.freeze_windows[0] (x): start 2027-01-04T00:00:00Z must be before end 2026-12-21T00:00:00Z",
	}]
}

test_denies_freeze_window_that_is_not_an_object if {
	d := decision with input as example_input with data.tollgate.settings as settings_with({"freeze_windows": ["year-end"]})
	d.reasons == [{
		"code": "policy_data_invalid",
		"message": "data.tollgate.settings.freeze_windows[0]: must be an object, got \"year-end\"",
	}]
}

test_denies_freeze_window_without_name_or_environments if {
	s := settings_with({"freeze_windows": [{"start": "2026-12-21T00:00:00Z", "end": "2027-01-04T00:00:00Z"}]})
	d := decision with input as example_input with data.tollgate.settings as s
	d.reasons == [
		{"code": "policy_data_invalid", "message": "data.tollgate.settings.freeze_windows[0]: environments must be an array of strings, got nothing (missing)"},
		{"code": "policy_data_invalid", "message": "data.tollgate.settings.freeze_windows[0]: name must be a non-empty string, got nothing (missing)"},
	]
}

test_denies_when_settings_are_missing if {
	d := decision with input as example_input with data.tollgate.settings as "oops"
	d.outcome == "deny"
	codes(d) == [c | some _ in numbers.range(1, 9); c := "policy_data_invalid"]
}

test_denies_invalid_stages_and_skips_stage_rules if {
	d := decision with input as example_input with data.tollgate.settings as settings_with({"stages": ["canary-1", "canary-1"]})
	d.reasons == [{
		"code": "policy_data_invalid",
		"message": "data.tollgate.settings.stages must be a non-empty array of unique non-empty strings, got a value of type array",
	}]
}

test_denies_fractional_or_negative_max_stage_jump if {
	every jump in [1.5, -1, "2"] {
		codes(decision) == ["policy_data_invalid"] with input as example_input
			with data.tollgate.settings as settings_with({"max_stage_jump": jump})
	}
}

test_denies_invalid_approval_required_environments if {
	s := settings_with({"approval_required_environments": "production"})
	d := decision with input as example_input with data.tollgate.settings as s
	d.reasons == [{
		"code": "policy_data_invalid",
		"message": "data.tollgate.settings.approval_required_environments must be an array of strings, got \"production\"",
	}]
}

test_shipped_settings_are_valid if {
	count([r | some r in deny_reasons; r.code == "policy_data_invalid"]) == 0 with input as example_input
}

test_denies_invalid_slo_settings_and_skips_slo_rules if {
	s := settings_with({
		"burn_rate_deny_severities": "page",
		"budget_freeze_environments": [1],
		"budget_freeze_exempt_labels": null,
	})
	req := object.union(example_input, {"slos": [slo_burning(fast_burn), exhausted_slo]})
	d := decision with input as req with data.tollgate.settings as s
	d.reasons == [
		{"code": "policy_data_invalid", "message": "data.tollgate.settings.budget_freeze_environments must be an array of strings, got a value of type array"},
		{"code": "policy_data_invalid", "message": "data.tollgate.settings.budget_freeze_exempt_labels must be an array of strings, got a value of type null"},
		{"code": "policy_data_invalid", "message": "data.tollgate.settings.burn_rate_deny_severities must be an array of strings, got \"page\""},
	]
}

test_denies_sli_unavailable_outcome_without_fallback_or_with_unknown_outcome if {
	every outcome_map in [{"production": "hold"}, {"*": "hold", "staging": "ignore"}, ["hold"], {"*": null}] {
		d := decision with input as object.union(example_input, {"slos": [unavailable_slo]})
			with data.tollgate.settings as settings_replacing("sli_unavailable_outcome", outcome_map)
		d.reasons == [{
			"code": "policy_data_invalid",
			"message": concat("", [
				"data.tollgate.settings.sli_unavailable_outcome must be an object mapping environments and the fallback \"*\" to \"hold\", \"deny\" or \"allow\", got a value of type ",
				type_name(outcome_map),
			]),
		}]
	}
}

test_denies_settings_that_name_an_unknown_environment if {
	s := settings_with({
		"approval_required_environments": ["production", "prodution"],
		"budget_freeze_environments": ["qa"],
		"freeze_windows": [{
			"name": "year-end-2026", "start": "2026-12-21T00:00:00Z", "end": "2027-01-04T00:00:00Z",
			"environments": ["production", "Production"],
		}],
		"sli_unavailable_outcome": {"*": "hold", "stage": "deny"},
	})
	d := decision with input as input_with_release({"environment": "staging"}) with data.tollgate.settings as s
	d.reasons == [
		{"code": "policy_data_invalid", "message": "data.tollgate.settings.approval_required_environments names \"prodution\", which is not in environments (development, staging, production)"},
		{"code": "policy_data_invalid", "message": "data.tollgate.settings.budget_freeze_environments names \"qa\", which is not in environments (development, staging, production)"},
		{"code": "policy_data_invalid", "message": "data.tollgate.settings.freeze_windows[0].environments names \"Production\", which is not in environments (development, staging, production)"},
		{"code": "policy_data_invalid", "message": "data.tollgate.settings.sli_unavailable_outcome names \"stage\", which is not in environments (development, staging, production)"},
	]
}
