# SLO rules over input.slos (one entry per SLO of the service, built by
# gate-service from Prometheus):
#
# - burn_rate_too_high (deny): a burn-rate condition whose severity is in
#   burn_rate_deny_severities burns at or above its threshold in both windows.
# - burn_rate_warning (warning): the same for any other severity.
# - error_budget_exhausted (deny): in budget_freeze_environments, an SLO has no
#   error budget left (remainingRatio <= 0), unless the change carries one of
#   budget_freeze_exempt_labels; then error_budget_exhausted_exempted (warning).
# - sli_unavailable: an SLO could not be evaluated; deny, hold or warning as
#   sli_unavailable_outcome says for the environment ("*" is the fallback).
#
# Only entries without input_invalid problems (valid_slos, input.rego) are
# checked; invalid entries already deny.
package tollgate

import rego.v1

deny_reasons contains reason("burn_rate_too_high", burn_message(slo, b)) if {
	some slo in valid_slos
	slo.status == "ok"
	some b in slo.burnRates
	b.severity in burn_rate_deny_severities
	burning(b)
}

warning_reasons contains reason("burn_rate_warning", burn_message(slo, b)) if {
	deny_severities := burn_rate_deny_severities
	some slo in valid_slos
	slo.status == "ok"
	some b in slo.burnRates
	not b.severity in deny_severities
	burning(b)
}

burning(b) if {
	b.longRate >= b.threshold
	b.shortRate >= b.threshold
}

# checkout-availability burning 16.2× over 1h (threshold 14.4×) and 15.1× over 5m
burn_message(slo, b) := concat("", [
	slo.name, " burning ", one_decimal(b.longRate), "× over ", b.longWindow,
	" (threshold ", one_decimal(b.threshold), "×) and ", one_decimal(b.shortRate), "× over ", b.shortWindow,
])

deny_reasons contains reason("error_budget_exhausted", msg) if {
	env := budget_frozen_environment
	count(budget_exemptions) == 0
	some slo in exhausted_slos
	msg := concat("", [exhausted_message(slo), "; ", env, " is frozen ", exempt_labels_phrase])
}

warning_reasons contains reason("error_budget_exhausted_exempted", msg) if {
	env := budget_frozen_environment
	count(budget_exemptions) > 0
	some slo in exhausted_slos
	msg := concat("", [
		exhausted_message(slo), "; ", env, " freeze waived for this change (labelled ",
		concat(", ", sort(budget_exemptions)), ")",
	])
}

# Defined only when the environment is valid and frozen on an exhausted budget,
# and the labels are valid (invalid labels already deny with input_invalid).
budget_frozen_environment := env if {
	env := input.release.environment
	non_empty_string(env)
	env in budget_freeze_environments
	string_array(input.change.labels)
}

budget_exemptions := {l | some l in input.change.labels; l in budget_freeze_exempt_labels}

exhausted_slos contains slo if {
	some slo in valid_slos
	slo.status == "ok"
	slo.errorBudget.remainingRatio <= 0
}

exhausted_message(slo) := concat("", [
	slo.name, " has exhausted its ", slo.window, " error budget (remaining ",
	percent(slo.errorBudget.remainingRatio), ")",
])

exempt_labels_phrase := concat("", ["except for changes labelled ", concat(" or ", budget_freeze_exempt_labels)]) if {
	count(budget_freeze_exempt_labels) > 0
} else := "for every change (no exempt labels)"

deny_reasons contains reason("sli_unavailable", msg) if {
	sli_unavailable_outcome_here == "deny"
	some msg in sli_unavailable_messages
}

hold_reasons contains reason("sli_unavailable", msg) if {
	sli_unavailable_outcome_here == "hold"
	some msg in sli_unavailable_messages
}

warning_reasons contains reason("sli_unavailable", msg) if {
	sli_unavailable_outcome_here == "allow"
	some msg in sli_unavailable_messages
}

# The outcome configured for the requested environment, else the "*" fallback.
sli_unavailable_outcome_here := outcome if {
	env := input.release.environment
	non_empty_string(env)
	outcome := object.get(sli_unavailable_outcomes, env, sli_unavailable_outcomes["*"])
}

sli_unavailable_messages contains msg if {
	some slo in valid_slos
	slo.status == "unavailable"
	msg := concat("", ["SLI of ", slo.name, " is unavailable: ", slo_problem(slo)])
}

slo_problem(slo) := slo.problem if {
	non_empty_string(slo.problem)
} else := "no problem reported"

# Numbers in messages. One decimal, rounded half away from zero: 16.2, 14.4, 1.0.
# Built with round/abs/%/format_int (compiled into the Wasm module, no host
# builtins). A number is scaled with a single multiplication so the OPA server
# (decimal arithmetic) and Wasm (doubles) round the same way.
one_decimal(x) := tenths_text(round(x * 10))

# A ratio as a percentage with one decimal: -9 -> "-900.0%".
percent(ratio) := concat("", [tenths_text(round(ratio * 1000)), "%"])

# Wasm's format_int aborts on integers of 2^32 and more: larger values are
# written as a bound instead.
tenths_text(t) := concat("", [sign_prefix(t), format_int(whole, 10), ".", format_int(frac, 10)]) if {
	a := abs(t)
	a < 10000000000
	frac := a % 10
	whole := (a - frac) / 10
} else := "less than -999999999.9" if {
	t < 0
} else := "more than 999999999.9"

sign_prefix(t) := "-" if t < 0

else := ""
