package tollgate

import rego.v1

test_allows_example_input_with_shipped_data if {
	allowed(decision) with input as example_input
}

test_allows_example_input_with_fixture_settings if {
	allowed(decision) with input as example_input with data.tollgate.settings as fixture_settings
}

test_denies_empty_input_with_a_valid_decision_object if {
	d := decision with input as {} with data.tollgate.settings as fixture_settings
	d.outcome == "deny"
	object.keys(d) == {"outcome", "reasons"}
	count(d.reasons) == 10
	every r in d.reasons {
		r.code == "input_invalid"
		object.keys(r) == {"code", "message"}
	}
	"input.now must be a UTC timestamp of the form YYYY-MM-DDTHH:MM:SSZ, got nothing (missing)" in {r.message | some r in d.reasons}
}

test_denies_non_object_input if {
	d := decision with input as ["not", "an", "object"] with data.tollgate.settings as fixture_settings
	d == {"outcome": "deny", "reasons": [{"code": "input_invalid", "message": "input must be a JSON object, got a value of type array"}]}
}

test_denies_missing_input if {
	d := decision with data.tollgate.settings as fixture_settings
	d == {"outcome": "deny", "reasons": [{"code": "input_invalid", "message": "input must be a JSON object, got nothing (missing)"}]}
}

test_denies_with_all_applicable_reasons_sorted_by_code if {
	# Frozen, no independent approval, and null -> full is a jump of 5.
	req := object.union(example_input, {
		"now": "2026-12-24T10:00:00Z",
		"release": object.union(example_input.release, {"stage": "full"}),
		"change": input_with_change({"approvals": ["dana"]}).change,
	})
	d := decision with input as req with data.tollgate.settings as fixture_settings
	d.outcome == "deny"
	codes(d) == ["approval_missing", "freeze_window_active", "stage_jump_too_large"]
}

test_sorts_reasons_by_code_then_message if {
	rs := {reason("b", "2"), reason("a", "z"), reason("b", "1"), reason("a", "y")}
	sorted_reasons(rs) == [reason("a", "y"), reason("a", "z"), reason("b", "1"), reason("b", "2")]
}

test_holds_when_only_hold_reasons_apply if {
	d := decision with input as example_input
		with data.tollgate.settings as fixture_settings
		with data.tollgate.hold_reasons as {reason("sli_unavailable", "no SLI data for checkout")}
	d == {"outcome": "hold", "reasons": [{"code": "sli_unavailable", "message": "no SLI data for checkout"}]}
}

test_deny_takes_precedence_over_hold if {
	d := decision with input as input_at("2026-12-21T00:00:00Z")
		with data.tollgate.settings as fixture_settings
		with data.tollgate.hold_reasons as {reason("sli_unavailable", "no SLI data for checkout")}
	d.outcome == "deny"
	codes(d) == ["freeze_window_active"]
}

test_no_hold_or_warning_reasons_for_example_input if {
	count(hold_reasons) == 0 with input as example_input with data.tollgate.settings as fixture_settings
	count(warning_reasons) == 0 with input as example_input with data.tollgate.settings as fixture_settings
}

# valid_timestamp is the regex in its comment, checked without a regex.
timestamp_cases := {
	"2026-11-24T06:30:00Z": true,
	"0000-01-01T00:00:00Z": true,
	"9999-12-31T23:59:59Z": true,
	"2026-02-30T12:00:00Z": true,
	"2026-10-19T19:09:29Z": true,
	"2026-00-10T00:00:00Z": false,
	"2026-13-10T00:00:00Z": false,
	"2026-1-10T00:00:00Z": false,
	"2026-10-00T00:00:00Z": false,
	"2026-10-32T00:00:00Z": false,
	"2026-10-10T24:00:00Z": false,
	"2026-10-10T00:60:00Z": false,
	"2026-10-10T00:00:60Z": false,
	"2026-10-10 00:00:00Z": false,
	"2026-10-10T00:00:00z": false,
	"2026-10-10T00:00:00+00:00": false,
	"2026-10-10T00:00:00Z ": false,
	" 2026-10-10T00:00:00Z": false,
	"2026-10-10T00:00:00": false,
	"2026/10/10T00:00:00Z": false,
	"2026-10-10T00-00-00Z": false,
	"2026-10-10X00:00:00Z": false,
	"2O26-10-10T00:00:00Z": false,
	"+026-10-10T00:00:00Z": false,
	"2026-10-1aT00:00:00Z": false,
	"2026-10-10T00:00:0٣Z": false,
	"2026-10-10T00:00:00Ω": false,
	"20261-10-10T00:00:0Z": false,
	"2026-10-10T00:00:00ZZ": false,
	"0000-00-00T00:00:00Z": false,
	"": false,
}

test_valid_timestamp_matches_the_canonical_pattern if {
	every ts, want in timestamp_cases {
		regex.match(`^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])T([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9]Z$`, ts) == want
		timestamp_verdict(ts) == want
	}
}

timestamp_verdict(ts) if valid_timestamp(ts)

else := false

test_valid_timestamp_needs_a_string if {
	not valid_timestamp(20261010)
	not valid_timestamp(null)
}
