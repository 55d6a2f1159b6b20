package tollgate

import rego.v1

test_denies_production_exactly_at_freeze_window_start if {
	d := decision with input as input_at("2026-12-21T00:00:00Z") with data.tollgate.settings as fixture_settings
	d == {"outcome": "deny", "reasons": [{
		"code": "freeze_window_active",
		"message": "production is frozen by year-end-2026 until 2027-01-04T00:00:00Z",
	}]}
}

test_denies_production_inside_freeze_window if {
	d := decision with input as input_at("2027-01-03T23:59:59Z") with data.tollgate.settings as fixture_settings
	codes(d) == ["freeze_window_active"]
}

test_allows_production_one_second_before_freeze_window if {
	allowed(decision) with input as input_at("2026-12-20T23:59:59Z") with data.tollgate.settings as fixture_settings
}

test_allows_production_exactly_at_freeze_window_end if {
	allowed(decision) with input as input_at("2027-01-04T00:00:00Z") with data.tollgate.settings as fixture_settings
}

test_allows_staging_during_production_freeze if {
	req := object.union(input_at("2026-12-24T10:00:00Z"), {"release": object.union(example_input.release, {"environment": "staging"})})
	allowed(decision) with input as req with data.tollgate.settings as fixture_settings
}

test_denies_with_every_active_freeze_window if {
	s := settings_with({"freeze_windows": [
		{"name": "a", "start": "2026-11-01T00:00:00Z", "end": "2026-12-01T00:00:00Z", "environments": ["production"]},
		{"name": "b", "start": "2026-11-20T00:00:00Z", "end": "2026-11-25T00:00:00Z", "environments": ["staging", "production"]},
	]})
	d := decision with input as example_input with data.tollgate.settings as s
	d.reasons == [
		{"code": "freeze_window_active", "message": "production is frozen by a until 2026-12-01T00:00:00Z"},
		{"code": "freeze_window_active", "message": "production is frozen by b until 2026-11-25T00:00:00Z"},
	]
}

test_allows_with_no_freeze_windows if {
	allowed(decision) with input as input_at("2026-12-24T10:00:00Z") with data.tollgate.settings as settings_with({"freeze_windows": []})
}
