package tollgate.override

import data.tollgate.fixture_settings
import rego.v1

request(patch) := {
	"now": "2026-11-24T10:00:00Z",
	"actor": {"subject": "lee", "subjectSkeleton": "lee", "role": "release-manager"},
	"override": object.union(
		{
			"effect": "allow",
			"scope": {"service": "checkout", "environment": "production", "version": "1.5.0", "release": null},
			"suppress": ["burn_rate_too_high"], "reason": "INC-2231 hotfix", "ticket": "INC-2231", "labels": [],
			"expiresAt": "2026-11-24T18:00:00Z", "validForSeconds": 28800,
		},
		patch,
	),
	"change": null,
}

refusal_codes(d) := [r.code | some r in d.reasons]

test_permits_a_production_override_with_ticket_and_short_expiry if {
	d := decision with input as request({}) with data.tollgate.settings as fixture_settings
	d.outcome == "allow"
}

test_refuses_policy_unavailable_and_input_invalid if {
	d := decision with input as request({"suppress": ["policy_unavailable", "input_invalid"]})
		with data.tollgate.settings as fixture_settings
	d.outcome == "deny"
	refusal_codes(d) == ["override_not_overridable", "override_not_overridable"]
}

test_refuses_production_override_without_ticket if {
	d := decision with input as request({"ticket": null}) with data.tollgate.settings as fixture_settings
	refusal_codes(d) == ["override_ticket_required"]
}

test_permits_staging_override_without_ticket_or_limit if {
	d := decision with input as request({
		"ticket": null, "validForSeconds": 604800,
		"scope": {"service": "checkout", "environment": "staging", "version": null, "release": null},
	})
		with data.tollgate.settings as fixture_settings
	d.outcome == "allow"
}

test_refuses_production_override_longer_than_24_hours if {
	d := decision with input as request({"validForSeconds": 86401, "expiresAt": "2026-11-25T10:00:01Z"})
		with data.tollgate.settings as fixture_settings
	d == {"outcome": "deny", "reasons": [{
		"code": "override_expiry_too_long",
		"message": "an override in production may last at most 24 h; this one expires at 2026-11-25T10:00:01Z",
	}]}
}

test_refuses_the_author_of_the_change if {
	inp := object.union(request({}), {"change": {"author": "Lee", "authorSkeleton": "lee"}})
	d := decision with input as inp with data.tollgate.settings as fixture_settings
	refusal_codes(d) == ["override_own_change"]
}

test_refuses_without_emergency_label_during_a_freeze_window if {
	inp := object.union(request({}), {"now": "2026-12-22T10:00:00Z"})
	d := decision with input as inp with data.tollgate.settings as fixture_settings
	refusal_codes(d) == ["override_needs_emergency_label"]
}

test_permits_with_emergency_label_during_a_freeze_window if {
	inp := object.union(request({"labels": ["emergency"]}), {"now": "2026-12-22T10:00:00Z"})
	d := decision with input as inp with data.tollgate.settings as fixture_settings
	d.outcome == "allow"
}

test_a_freeze_needs_no_ticket_and_may_last_longer if {
	d := decision with input as request({"effect": "freeze", "suppress": [], "ticket": null, "validForSeconds": 604800})
		with data.tollgate.settings as fixture_settings
	d.outcome == "allow"
}
