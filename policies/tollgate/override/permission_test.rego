package tollgate.override

import data.tollgate.fixture_settings
import rego.v1

request(patch) := {
	"now": "2026-11-24T10:00:00Z",
	"action": "create",
	"actor": {"subject": "lee", "subjectSkeleton": "lee", "subjectFoldedSkeleton": "lee", "role": "release-manager"},
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

test_refuses_the_author_of_the_change_under_another_case if {
	# The review's case: "kim" overriding a release of "KIM" (skeletons as gate-service computes them).
	inp := object.union(request({}), {
		"actor": {"subject": "kim", "subjectSkeleton": "klrn", "subjectFoldedSkeleton": "kirn", "role": "release-manager"},
		"change": {"author": "KIM", "authorSkeleton": "klrn", "authorFoldedSkeleton": "kirn"},
	})
	d := decision with input as inp with data.tollgate.settings as fixture_settings
	refusal_codes(d) == ["override_own_change"]
}

test_refuses_an_invisible_ticket if {
	every t in ["\u200b", " \u200b\ufe0f ", "\u2060", "\u00a0"] {
		d := decision with input as request({"ticket": t}) with data.tollgate.settings as fixture_settings
		refusal_codes(d) == ["override_ticket_required"]
	}
}

test_accepts_a_ticket_with_accents_or_emoji if {
	every t in ["INC-2231", "Zoë-7", "🔥42"] {
		d := decision with input as request({"ticket": t}) with data.tollgate.settings as fixture_settings
		d.outcome == "allow"
	}
}

# Revocation: input.action "revoke", the override as stored, the revocation's reason and ticket, and the
# changes the override is gating.
revocation(effect, environment, ticket, changes) := {
	"action": "revoke",
	"now": "2026-11-24T10:00:00Z",
	"actor": {"subject": "dana", "subjectSkeleton": "dana", "subjectFoldedSkeleton": "dana", "role": "release-manager"},
	"override": {
		"id": "ov_f1", "effect": effect,
		"scope": {"service": "checkout", "environment": environment, "version": null, "release": null},
		"suppress": [], "reason": "provider incident", "ticket": null, "labels": [], "expiresAt": null,
		"createdBy": "lee", "createdBySkeleton": "lee", "createdByFoldedSkeleton": "lee",
	},
	"revocation": {"reason": "incident over", "ticket": ticket},
	"changes": changes,
	"change": null,
}

danas_change := {"author": "Dana", "authorSkeleton": "dana", "authorFoldedSkeleton": "dana"}

test_refuses_revoking_a_freeze_that_holds_the_revokers_own_change if {
	d := decision with input as revocation("freeze", "production", "INC-9", [danas_change])
		with data.tollgate.settings as fixture_settings
	d == {"outcome": "deny", "reasons": [{
		"code": "override_own_change",
		"message": "dana is the author of a change frozen by ov_f1 (Dana) and may not revoke the freeze",
	}]}
}

test_refuses_revoking_a_production_freeze_without_a_ticket if {
	every t in [null, "", "\u200b"] {
		d := decision with input as revocation("freeze", "production", t, []) with data.tollgate.settings as fixture_settings
		d == {"outcome": "deny", "reasons": [{"code": "override_ticket_required", "message": "revoking a freeze in production needs a ticket"}]}
	}
}

test_permits_revoking_a_freeze_with_a_ticket_by_someone_else if {
	lees := {"author": "lee", "authorSkeleton": "lee", "authorFoldedSkeleton": "lee"}
	d := decision with input as revocation("freeze", "production", "INC-9", [lees]) with data.tollgate.settings as fixture_settings
	d == {"outcome": "allow", "reasons": [{"code": "override_permitted", "message": "the revocation is permitted by policy"}]}
}

test_permits_revoking_a_staging_freeze_without_a_ticket if {
	d := decision with input as revocation("freeze", "staging", null, []) with data.tollgate.settings as fixture_settings
	d.outcome == "allow"
}

test_revoking_an_allow_tightens_the_gate_and_is_always_permitted if {
	d := decision with input as revocation("allow", "production", null, [danas_change])
		with data.tollgate.settings as fixture_settings
	d.outcome == "allow"
}

test_refuses_an_unknown_action if {
	d := decision with input as object.union(request({}), {"action": "delete"}) with data.tollgate.settings as fixture_settings
	refusal_codes(d) == ["override_action_invalid"]
}
