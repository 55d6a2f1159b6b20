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
