package tollgate

import rego.v1

test_denies_malformed_now if {
	d := decision with input as input_at("2026-11-24 06:30:00") with data.tollgate.settings as fixture_settings
	d == {"outcome": "deny", "reasons": [{
		"code": "input_invalid",
		"message": "input.now must be a UTC timestamp of the form YYYY-MM-DDTHH:MM:SSZ, got \"2026-11-24 06:30:00\"",
	}]}
}

test_denies_now_with_offset_or_fraction if {
	every now in ["2026-11-24T06:30:00+00:00", "2026-11-24T06:30:00.000Z", "2026-13-24T06:30:00Z", "2026-11-24T24:00:00Z"] {
		codes(decision) == ["input_invalid"] with input as input_at(now) with data.tollgate.settings as fixture_settings
	}
}

test_denies_non_string_now_naming_its_type if {
	d := decision with input as input_at(1764000000) with data.tollgate.settings as fixture_settings
	d.reasons == [{
		"code": "input_invalid",
		"message": "input.now must be a UTC timestamp of the form YYYY-MM-DDTHH:MM:SSZ, got a value of type number",
	}]
}

test_denies_malformed_now_during_freeze_fail_safe if {
	# An unparseable time cannot prove the window is inactive: still a deny.
	d := decision with input as input_at("yesterday") with data.tollgate.settings as fixture_settings
	d.outcome == "deny"
}

test_denies_empty_environment if {
	d := decision with input as input_with_release({"environment": ""}) with data.tollgate.settings as fixture_settings
	d.reasons == [{"code": "input_invalid", "message": "input.release.environment must be a non-empty string, got \"\""}]
}

test_denies_missing_previous_stage_key if {
	req := object.union(object.remove(example_input, ["release"]), {"release": object.remove(example_input.release, ["previousStage"])})
	d := decision with input as req with data.tollgate.settings as fixture_settings
	d.reasons == [{"code": "input_invalid", "message": "input.release.previousStage must be a string or null, got nothing (missing)"}]
}

test_denies_non_string_approvals if {
	d := decision with input as input_with_change({"approvals": ["lee", 7]}) with data.tollgate.settings as fixture_settings
	d.reasons == [{"code": "input_invalid", "message": "input.change.approvals must be an array of strings, got a value of type array"}]
}

test_denies_non_string_stage if {
	d := decision with input as input_with_release({"stage": 5}) with data.tollgate.settings as fixture_settings
	d.reasons == [{"code": "input_invalid", "message": "input.release.stage must be a string, got a value of type number"}]
}

test_denies_missing_slos if {
	d := decision with input as object.remove(example_input, ["slos"]) with data.tollgate.settings as fixture_settings
	d.reasons == [{"code": "input_invalid", "message": "input.slos must be an array of SLOs, got nothing (missing)"}]
}

test_denies_slos_that_are_not_an_array if {
	d := decision with input as object.union(example_input, {"slos": {"name": "x"}}) with data.tollgate.settings as fixture_settings
	d.reasons == [{"code": "input_invalid", "message": "input.slos must be an array of SLOs, got a value of type object"}]
}

test_denies_non_string_labels if {
	d := decision with input as input_with_change({"labels": "emergency"}) with data.tollgate.settings as fixture_settings
	d.reasons == [{"code": "input_invalid", "message": "input.change.labels must be an array of strings, got \"emergency\""}]
}

test_invalid_labels_skip_the_budget_exemption if {
	req := object.union(input_with_change({"labels": ["emergency", 1]}), {"slos": [exhausted_slo]})
	d := decision with input as req with data.tollgate.settings as fixture_settings
	codes(d) == ["input_invalid"]
}

test_denies_slo_entry_that_is_not_an_object if {
	d := decision with input as input_with_slos([healthy_slo, "checkout"]) with data.tollgate.settings as fixture_settings
	d.reasons == [{"code": "input_invalid", "message": "input.slos[1] must be an SLO object, got \"checkout\""}]
}

test_denies_slo_without_name_and_with_unknown_status if {
	slo := object.union(object.remove(unavailable_slo, ["name"]), {"status": "degraded"})
	d := decision with input as input_with_slos([slo]) with data.tollgate.settings as fixture_settings
	d.reasons == [
		{"code": "input_invalid", "message": "input.slos[0].name must be a non-empty string, got nothing (missing)"},
		{"code": "input_invalid", "message": "input.slos[0].status must be \"ok\" or \"unavailable\", got \"degraded\""},
	]
}

test_denies_ok_slo_with_null_numbers_instead_of_allowing if {
	# A burning SLO whose numbers are broken must never pass silently.
	slo := object.union(slo_burning(fast_burn), {"sli": null, "errorBudget": null, "target": "0.999", "window": 28})
	d := decision with input as input_with_slos([slo]) with data.tollgate.settings as fixture_settings
	d.outcome == "deny"
	d.reasons == [
		{"code": "input_invalid", "message": "input.slos[0].errorBudget.remainingRatio must be a number, got nothing (missing)"},
		{"code": "input_invalid", "message": "input.slos[0].sli must be a number, got a value of type null"},
		{"code": "input_invalid", "message": "input.slos[0].target must be a number, got \"0.999\""},
		{"code": "input_invalid", "message": "input.slos[0].window must be a non-empty string, got a value of type number"},
	]
}

test_denies_ok_slo_without_burn_rates_array if {
	slo := object.union(healthy_slo, {"burnRates": null})
	d := decision with input as input_with_slos([slo]) with data.tollgate.settings as fixture_settings
	d.reasons == [{"code": "input_invalid", "message": "input.slos[0].burnRates must be an array of burn rates, got a value of type null"}]
}

test_denies_malformed_burn_rates if {
	broken := object.union(object.remove(fast_burn, ["shortWindow", "name"]), {"longRate": "16.2", "severity": null})
	slo := object.union(healthy_slo, {"burnRates": [fast_burn, broken, 3]})
	d := decision with input as input_with_slos([slo_burning(fast_burn), slo]) with data.tollgate.settings as fixture_settings
	d.outcome == "deny"
	d.reasons == [
		{"code": "burn_rate_too_high", "message": fast_burn_message},
		{"code": "input_invalid", "message": "input.slos[1].burnRates[1].longRate must be a number, got \"16.2\""},
		{"code": "input_invalid", "message": "input.slos[1].burnRates[1].name must be a non-empty string, got nothing (missing)"},
		{"code": "input_invalid", "message": "input.slos[1].burnRates[1].severity must be a string, got a value of type null"},
		{"code": "input_invalid", "message": "input.slos[1].burnRates[1].shortWindow must be a non-empty string, got nothing (missing)"},
		{"code": "input_invalid", "message": "input.slos[1].burnRates[2] must be a burn rate object, got a value of type number"},
	]
}

test_unavailable_slo_needs_only_name_and_status if {
	slo := {"name": "checkout-latency", "status": "unavailable"}
	d := decision with input as input_with_slos([slo]) with data.tollgate.settings as fixture_settings
	d.reasons == [{"code": "sli_unavailable", "message": "SLI of checkout-latency is unavailable: no problem reported"}]
}

test_denies_approvals_that_are_not_an_array if {
	d := decision with input as input_with_change({"approvals": "lee"}) with data.tollgate.settings as fixture_settings
	d.reasons == [{"code": "input_invalid", "message": "input.change.approvals must be an array of strings, got \"lee\""}]
}
