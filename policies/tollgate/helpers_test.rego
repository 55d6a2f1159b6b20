# Fixtures shared by the tests: the example input from the contract and a copy
# of the settings, so tests do not depend on the shipped data.json.
package tollgate

import rego.v1

example_input := {
	"now": "2026-11-24T06:30:00Z",
	"release": {
		"service": "checkout",
		"version": "1.4.2",
		"environment": "production",
		"stage": "canary-5",
		"previousStage": null,
	},
	"change": {
		"commit": "9f2c1e7",
		"pipeline": "build-812",
		"author": "dana",
		"authorSkeleton": "dana",
		"authorFoldedSkeleton": "dana",
		"approvals": ["lee"],
		"approvalSkeletons": ["lee"],
		"approvalFoldedSkeletons": ["lee"],
		"labels": [],
	},
	"actor": {"subject": "ci-pipeline", "role": "ci"},
	"dryRun": false,
	"slos": [],
}

fixture_settings := {
	"environments": ["development", "staging", "production"],
	"stages": ["canary-1", "canary-5", "canary-25", "canary-50", "full"],
	"max_stage_jump": 2,
	"approval_required_environments": ["production"],
	"freeze_windows": [{
		"name": "year-end-2026",
		"start": "2026-12-21T00:00:00Z",
		"end": "2027-01-04T00:00:00Z",
		"environments": ["production"],
	}],
	"burn_rate_deny_severities": ["page"],
	"budget_freeze_environments": ["production"],
	"budget_freeze_exempt_labels": ["emergency", "security-fix"],
	"sli_unavailable_outcome": {"*": "hold"},
}

input_at(now) := object.union(example_input, {"now": now})

input_with_release(patch) := object.union(example_input, {"release": object.union(example_input.release, patch)})

# Setting author or approvals also sets stand-in skeletons (lower-cased and
# trimmed; gate-service computes the real ones), unless the patch gives them.
input_with_change(patch) := object.union(example_input, {"change": object.union(
	object.union(example_input.change, stand_in_skeletons(patch)),
	patch,
)})

stand_in_skeletons(patch) := {
	"authorSkeleton": stand_in_skeleton(object.get(patch, "author", example_input.change.author)),
	"authorFoldedSkeleton": stand_in_skeleton(object.get(patch, "author", example_input.change.author)),
	"approvalSkeletons": [stand_in_skeleton(a) | some a in array_or_empty(object.get(patch, "approvals", example_input.change.approvals))],
	"approvalFoldedSkeletons": [stand_in_skeleton(a) | some a in array_or_empty(object.get(patch, "approvals", example_input.change.approvals))],
}

stand_in_skeleton(name) := lower(trim_space(name)) if is_string(name)

else := ""

array_or_empty(x) := x if is_array(x)

else := []

settings_with(patch) := object.union(fixture_settings, patch)

# object.union merges nested objects; this replaces the key's value instead.
settings_replacing(key, value) := object.union(object.remove(fixture_settings, [key]), {key: value})

codes(d) := [r.code | some r in d.reasons]

allowed(d) if {
	d.outcome == "allow"
	d.reasons == [{"code": "all_checks_passed", "message": "all release gates passed"}]
}
