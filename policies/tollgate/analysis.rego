# Canary analysis: input.analysis is the result of the stage a release Tollgate
# drives has just baked (docs/analysis.md): {stage, verdict, explanation,
# looks, failedAtLook, promotedBy, metrics}. It is null for plain checks, for
# releases without an analysis block and before the first bake ended.
#   fail:          deny analysis_failed (the bake already rolled back or halted;
#                  this keeps a resumed release from going on regardless).
#   inconclusive:  hold insufficient_data, never a rollback for lack of data.
#   not pass in an environment of analysis_pass_required_environments:
#                  hold analysis_not_passed.
# A skip-analysis override in input.overrides (not by the change's author), or
# a release manager's promote of the bake (promotedBy), lifts both holds; no
# override of that kind lifts analysis_failed.
package tollgate

import rego.v1

analysis_input := input.analysis if is_object(input.analysis)

analysis_verdicts := {"pass", "fail", "inconclusive"}

deny_reasons contains reason("input_invalid", msg) if {
	"analysis" in object.keys(input)
	not is_null(input.analysis)
	not is_object(input.analysis)
	msg := concat("", ["input.analysis must be null or an object, got ", describe(input.analysis)])
}

deny_reasons contains reason("input_invalid", msg) if {
	not object.get(analysis_input, "verdict", missing) in analysis_verdicts
	msg := concat("", [
		"input.analysis.verdict must be one of fail, inconclusive, pass, got ",
		describe(object.get(analysis_input, "verdict", missing)),
	])
}

analysis_stage := analysis_input.stage if is_string(analysis_input.stage)

else := "the last stage"

analysis_explanation := analysis_input.explanation if is_string(analysis_input.explanation)

else := "no explanation recorded"

analysis_waivers contains o.id if {
	some o in active_overrides
	o.effect == "skip-analysis"
	not override_by_change_author(o)
}

analysis_waivers contains "promote" if non_empty_string(analysis_input.promotedBy)

analysis_waived if count(analysis_waivers) > 0

deny_reasons contains reason("analysis_failed", msg) if {
	analysis_input.verdict == "fail"
	msg := concat("", ["canary analysis of ", analysis_stage, " failed: ", analysis_explanation])
}

hold_reasons contains reason("insufficient_data", msg) if {
	analysis_input.verdict == "inconclusive"
	not analysis_waived
	msg := concat("", [
		"canary analysis of ", analysis_stage, " is inconclusive: ", analysis_explanation,
		"; a release manager may let it go on with a skip-analysis override",
	])
}

hold_reasons contains reason("analysis_not_passed", msg) if {
	input.release.environment in analysis_pass_required_environments
	analysis_input.verdict != "pass"
	not analysis_waived
	msg := concat("", [
		input.release.environment, " requires a passed canary analysis; ", analysis_stage, " ended ",
		analysis_input.verdict,
	])
}

# Optional setting: missing means ["production"]; present, it must be an array
# of known environments.
default analysis_pass_required_environments := {"production"}

analysis_pass_required_environments := {e | some e in settings_doc.analysis_pass_required_environments} if {
	value_has_kind("string_array", settings_doc.analysis_pass_required_environments)
}

deny_reasons contains reason("policy_data_invalid", msg) if {
	value := object.get(settings_doc, "analysis_pass_required_environments", [])
	not value_has_kind("string_array", value)
	msg := concat("", [
		"data.tollgate.settings.analysis_pass_required_environments must be an array of strings, got ",
		describe(value),
	])
}

settings_environment_refs contains ["analysis_pass_required_environments", e] if {
	value_has_kind("string_array", settings_doc.analysis_pass_required_environments)
	some e in settings_doc.analysis_pass_required_environments
}
