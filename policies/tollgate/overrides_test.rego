package tollgate

import rego.v1

allow_override(suppress) := {
	"id": "ov_b1", "effect": "allow", "suppress": suppress,
	"createdBy": "lee", "createdBySkeleton": "lee",
	"reason": "INC-2231 hotfix", "ticket": "INC-2231", "expiresAt": "2026-11-24T18:00:00Z",
}

# A production check in the freeze window: denied with freeze_window_active only.
frozen_input(overrides) := object.union(input_at("2026-12-22T10:00:00Z"), {"overrides": overrides})

test_allow_override_turns_a_deny_whose_reasons_are_all_suppressed_into_allow if {
	inp := object.union(frozen_input([allow_override(["freeze_window_active"])]), {"now": "2026-11-24T10:00:00Z"})
	d := decision with input as inp with data.tollgate.settings as object.union(fixture_settings, {"freeze_windows": [{
		"name": "drill", "start": "2026-11-24T00:00:00Z", "end": "2026-11-25T00:00:00Z", "environments": ["production"],
	}]})
	d.outcome == "allow"
	codes(d) == ["allowed_by_override", "freeze_window_active"]
	d.reasons[0].message == "allowed by override ov_b1 of lee: INC-2231 hotfix (suppressed: freeze_window_active)"
}

test_allow_override_does_not_flip_a_deny_with_a_reason_outside_suppress if {
	inp := object.union(
		input_with_change({"approvals": []}),
		{"now": "2026-12-22T10:00:00Z", "overrides": [allow_override(["freeze_window_active"])]},
	)
	d := decision with input as inp with data.tollgate.settings as fixture_settings
	d.outcome == "deny"
	codes(d) == ["approval_missing", "freeze_window_active"]
}

test_expired_override_is_not_applied if {
	inp := object.union(frozen_input([allow_override(["freeze_window_active"])]), {"now": "2026-12-22T10:00:00Z"})
	d := decision with input as inp with data.tollgate.settings as fixture_settings
	d.outcome == "deny"
}

test_override_by_the_change_author_is_not_applied_and_says_so if {
	o := object.union(allow_override(["freeze_window_active"]), {
		"createdBy": "dana", "createdBySkeleton": "dana",
		"expiresAt": "2027-01-01T00:00:00Z",
	})
	d := decision with input as frozen_input([o]) with data.tollgate.settings as fixture_settings
	d.outcome == "deny"
	codes(d) == ["freeze_window_active", "override_not_applied"]
}

test_non_overridable_reasons_stay_even_when_listed if {
	o := object.union(allow_override(["input_invalid"]), {"expiresAt": null})
	inp := object.union(input_with_release({"environment": 42}), {"overrides": [o]})
	d := decision with input as inp with data.tollgate.settings as fixture_settings
	d.outcome == "deny"
	not "allowed_by_override" in codes(d)
}

test_freeze_override_holds_an_otherwise_allowed_check if {
	o := {
		"id": "ov_f1", "effect": "freeze", "suppress": [], "createdBy": "lee", "createdBySkeleton": "lee",
		"reason": "payment provider incident", "expiresAt": null,
	}
	d := decision with input as object.union(example_input, {"overrides": [o]}) with data.tollgate.settings as fixture_settings
	d == {"outcome": "hold", "reasons": [{
		"code": "frozen_by_override",
		"message": "production is frozen by override ov_f1 of lee: payment provider incident",
	}]}
}

test_allow_override_cannot_lift_a_freeze_override if {
	f := {
		"id": "ov_f1", "effect": "freeze", "suppress": [], "createdBy": "kim", "createdBySkeleton": "kim",
		"reason": "incident", "expiresAt": null,
	}
	a := object.union(allow_override(["frozen_by_override"]), {"expiresAt": null})
	d := decision with input as object.union(example_input, {"overrides": [f, a]}) with data.tollgate.settings as fixture_settings
	d.outcome == "hold"
}

test_the_override_with_the_smallest_id_is_named if {
	a := object.union(allow_override(["freeze_window_active"]), {"id": "ov_b2", "expiresAt": null})
	b := object.union(allow_override(["freeze_window_active"]), {"id": "ov_a9", "expiresAt": null})
	d := decision with input as frozen_input([a, b]) with data.tollgate.settings as fixture_settings
	startswith(d.reasons[0].message, "allowed by override ov_a9 ")
}
