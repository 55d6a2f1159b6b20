package tollgate

import rego.v1

analysis_result(verdict) := {
	"stage": "canary-1", "verdict": verdict,
	"explanation": "canary error ratio 1.0% vs baseline 1.0% (ratio 1.0, e-value 0.11 < 1/α = 100): not enough evidence after 2,000 requests",
	"looks": 12, "failedAtLook": null, "promotedBy": null,
	"metrics": [{
		"metric": "errors", "verdict": verdict, "eValue": 0.11, "threshold": 100, "upperBound": null,
		"baseline": {"requests": 1900, "bad": 19}, "canary": {"requests": 100, "bad": 1},
	}],
}

# canary-5 after canary-1 in the given environment, with the analysis of canary-1.
analysed(environment, analysis, overrides) := object.union(
	input_with_release({"environment": environment, "stage": "canary-5", "previousStage": "canary-1"}),
	{"analysis": analysis, "overrides": overrides},
)

skip_override := {
	"id": "ov_s1", "effect": "skip-analysis", "suppress": [], "createdBy": "kim", "createdBySkeleton": "kim",
	"reason": "low traffic weekend; checked dashboards", "ticket": "REL-7", "expiresAt": "2026-11-24T18:00:00Z",
}

test_inconclusive_holds_with_insufficient_data if {
	d := decision with input as analysed("staging", analysis_result("inconclusive"), []) with data.tollgate.settings as fixture_settings
	d.outcome == "hold"
	codes(d) == ["insufficient_data"]
	startswith(d.reasons[0].message, "canary analysis of canary-1 is inconclusive: canary error ratio 1.0%")
}

test_inconclusive_in_production_also_holds_because_production_requires_a_pass if {
	d := decision with input as analysed("production", analysis_result("inconclusive"), []) with data.tollgate.settings as fixture_settings
	d.outcome == "hold"
	codes(d) == ["analysis_not_passed", "insufficient_data"]
}

test_a_skip_analysis_override_lifts_both_holds if {
	d := decision with input as analysed("production", analysis_result("inconclusive"), [skip_override])
		with data.tollgate.settings as fixture_settings
	allowed(d)
}

test_a_skip_analysis_override_by_the_change_author_does_not_lift_the_hold if {
	own := object.union(skip_override, {"createdBy": "dana", "createdBySkeleton": "dana"})
	d := decision with input as analysed("staging", analysis_result("inconclusive"), [own]) with data.tollgate.settings as fixture_settings
	d.outcome == "hold"
	codes(d) == ["insufficient_data"]
}

test_an_expired_skip_analysis_override_does_not_lift_the_hold if {
	old := object.union(skip_override, {"expiresAt": "2026-11-24T06:00:00Z"})
	d := decision with input as analysed("staging", analysis_result("inconclusive"), [old]) with data.tollgate.settings as fixture_settings
	codes(d) == ["insufficient_data"]
}

test_a_release_managers_promote_lifts_the_holds if {
	promoted := object.union(analysis_result("inconclusive"), {"promotedBy": "kim"})
	d := decision with input as analysed("production", promoted, []) with data.tollgate.settings as fixture_settings
	allowed(d)
}

test_a_failed_analysis_denies_and_no_skip_override_lifts_it if {
	failed := object.union(analysis_result("fail"), {"failedAtLook": 7, "explanation": "canary error ratio 6.0% vs baseline 2.0%"})
	d := decision with input as analysed("staging", failed, [skip_override]) with data.tollgate.settings as fixture_settings
	d.outcome == "deny"
	codes(d) == ["analysis_failed"]
	d.reasons[0].message == "canary analysis of canary-1 failed: canary error ratio 6.0% vs baseline 2.0%"
}

test_a_passed_analysis_allows_in_production if {
	d := decision with input as analysed("production", analysis_result("pass"), []) with data.tollgate.settings as fixture_settings
	allowed(d)
}

test_no_analysis_leaves_the_check_alone if {
	d := decision with input as analysed("production", null, []) with data.tollgate.settings as fixture_settings
	allowed(d)
}

test_pass_required_environments_is_a_setting if {
	s := settings_with({"analysis_pass_required_environments": ["staging"]})
	staging := decision with input as analysed("staging", analysis_result("inconclusive"), []) with data.tollgate.settings as s
	codes(staging) == ["analysis_not_passed", "insufficient_data"]
	production := decision with input as analysed("production", analysis_result("inconclusive"), []) with data.tollgate.settings as s
	codes(production) == ["insufficient_data"]
}

test_a_malformed_pass_required_setting_denies if {
	s := settings_with({"analysis_pass_required_environments": ["prodution"]})
	d := decision with input as analysed("staging", null, []) with data.tollgate.settings as s
	d.outcome == "deny"
	codes(d) == ["policy_data_invalid"]
	contains(d.reasons[0].message, "analysis_pass_required_environments names \"prodution\"")
}

test_a_malformed_analysis_input_denies if {
	bad_type := decision with input as analysed("staging", "pass", []) with data.tollgate.settings as fixture_settings
	codes(bad_type) == ["input_invalid"]
	bad_verdict := decision with input as analysed("staging", {"stage": "canary-1", "verdict": "error"}, [])
		with data.tollgate.settings as fixture_settings
	codes(bad_verdict) == ["input_invalid"]
	bad_verdict.reasons[0].message == "input.analysis.verdict must be one of fail, inconclusive, pass, got \"error\""
}
