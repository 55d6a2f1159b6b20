package tollgate

import rego.v1

fast_burn := {
	"name": "fast-burn", "severity": "page", "threshold": 14.4, "longWindow": "1h", "shortWindow": "5m",
	"longRate": 16.2, "shortRate": 15.1,
}

slow_burn := {
	"name": "slow-burn", "severity": "ticket", "threshold": 6, "longWindow": "6h", "shortWindow": "30m",
	"longRate": 6.04, "shortRate": 7,
}

healthy_slo := {
	"name": "checkout-availability", "service": "checkout", "target": 0.999, "window": "28d",
	"status": "ok", "problem": null, "sli": 0.9995,
	"errorBudget": {"consumedRatio": 0.5, "remainingRatio": 0.5, "remainingMinutes": 20160.0},
	"burnRates": [object.union(fast_burn, {"longRate": 0.5, "shortRate": 0.4})],
}

exhausted_slo := object.union(healthy_slo, {
	"sli": 0.99,
	"errorBudget": {"consumedRatio": 10.0, "remainingRatio": -9.0, "remainingMinutes": -362880.0},
})

unavailable_slo := {
	"name": "checkout-latency", "service": "checkout", "target": 0.99, "window": "28d",
	"status": "unavailable", "problem": "prometheus unreachable at http://127.0.0.1:9090: connection refused",
	"sli": null, "errorBudget": null, "burnRates": [],
}

slo_burning(b) := object.union(healthy_slo, {"burnRates": [b]})

with_slos(req, slos) := object.union(req, {"slos": slos})

input_with_slos(slos) := with_slos(example_input, slos)

staging_input_with_slos(slos) := with_slos(input_with_release({"environment": "staging"}), slos)

fast_burn_message := "checkout-availability burning 16.2× over 1h (threshold 14.4×) and 15.1× over 5m"

exhausted_message_prefix := "checkout-availability has exhausted its 28d error budget (remaining -900.0%)"

# burn_rate_too_high and burn_rate_warning

test_allows_healthy_slo if {
	allowed(decision) with input as input_with_slos([healthy_slo]) with data.tollgate.settings as fixture_settings
}

test_allows_empty_slos if {
	allowed(decision) with input as input_with_slos([]) with data.tollgate.settings as fixture_settings
}

test_denies_fast_burn_over_threshold_in_both_windows if {
	d := decision with input as input_with_slos([slo_burning(fast_burn)]) with data.tollgate.settings as fixture_settings
	d == {"outcome": "deny", "reasons": [{"code": "burn_rate_too_high", "message": fast_burn_message}]}
}

test_denies_fast_burn_exactly_at_threshold_in_both_windows if {
	b := object.union(fast_burn, {"longRate": 14.4, "shortRate": 14.4})
	d := decision with input as input_with_slos([slo_burning(b)]) with data.tollgate.settings as fixture_settings
	d.reasons == [{
		"code": "burn_rate_too_high",
		"message": "checkout-availability burning 14.4× over 1h (threshold 14.4×) and 14.4× over 5m",
	}]
}

test_allows_fast_burn_over_threshold_in_long_window_only if {
	b := object.union(fast_burn, {"shortRate": 14.39})
	allowed(decision) with input as input_with_slos([slo_burning(b)]) with data.tollgate.settings as fixture_settings
}

test_allows_fast_burn_over_threshold_in_short_window_only if {
	b := object.union(fast_burn, {"longRate": 2})
	allowed(decision) with input as input_with_slos([slo_burning(b)]) with data.tollgate.settings as fixture_settings
}

test_denies_fast_burn_in_staging_too if {
	d := decision with input as staging_input_with_slos([slo_burning(fast_burn)]) with data.tollgate.settings as fixture_settings
	codes(d) == ["burn_rate_too_high"]
}

test_allows_ticket_burn_with_warning_listed if {
	d := decision with input as input_with_slos([slo_burning(slow_burn)]) with data.tollgate.settings as fixture_settings
	d == {"outcome": "allow", "reasons": [
		{"code": "all_checks_passed", "message": "all release gates passed"},
		{"code": "burn_rate_warning", "message": "checkout-availability burning 6.0× over 6h (threshold 6.0×) and 7.0× over 30m"},
	]}
}

test_no_warning_for_ticket_burn_in_one_window_only if {
	b := object.union(slow_burn, {"longRate": 5.99})
	allowed(decision) with input as input_with_slos([slo_burning(b)]) with data.tollgate.settings as fixture_settings
}

test_deny_severities_come_from_settings if {
	s := settings_with({"burn_rate_deny_severities": ["page", "ticket"]})
	d := decision with input as input_with_slos([slo_burning(slow_burn)]) with data.tollgate.settings as s
	codes(d) == ["burn_rate_too_high"]
}

test_page_burn_is_a_warning_when_no_severity_denies if {
	s := settings_with({"burn_rate_deny_severities": []})
	d := decision with input as input_with_slos([slo_burning(fast_burn)]) with data.tollgate.settings as s
	d.outcome == "allow"
	d.reasons == [
		{"code": "all_checks_passed", "message": "all release gates passed"},
		{"code": "burn_rate_warning", "message": fast_burn_message},
	]
}

test_deny_lists_burn_warnings_too if {
	slo := object.union(healthy_slo, {"burnRates": [fast_burn, slow_burn]})
	d := decision with input as input_with_slos([slo]) with data.tollgate.settings as fixture_settings
	d.outcome == "deny"
	codes(d) == ["burn_rate_too_high", "burn_rate_warning"]
}

test_reports_every_burning_slo if {
	other := object.union(slo_burning(fast_burn), {"name": "checkout-latency"})
	d := decision with input as input_with_slos([slo_burning(fast_burn), other]) with data.tollgate.settings as fixture_settings
	d.reasons == [
		{"code": "burn_rate_too_high", "message": fast_burn_message},
		{"code": "burn_rate_too_high", "message": "checkout-latency burning 16.2× over 1h (threshold 14.4×) and 15.1× over 5m"},
	]
}

# error_budget_exhausted and error_budget_exhausted_exempted

test_denies_exhausted_budget_in_production if {
	d := decision with input as input_with_slos([exhausted_slo]) with data.tollgate.settings as fixture_settings
	d == {"outcome": "deny", "reasons": [{
		"code": "error_budget_exhausted",
		"message": concat("", [
			exhausted_message_prefix,
			"; production is frozen except for changes labelled emergency or security-fix",
		]),
	}]}
}

test_denies_budget_exactly_exhausted if {
	slo := object.union(healthy_slo, {"errorBudget": {"consumedRatio": 1, "remainingRatio": 0, "remainingMinutes": 0}})
	d := decision with input as input_with_slos([slo]) with data.tollgate.settings as fixture_settings
	d.reasons == [{
		"code": "error_budget_exhausted",
		"message": "checkout-availability has exhausted its 28d error budget (remaining 0.0%); production is frozen except for changes labelled emergency or security-fix",
	}]
}

test_allows_small_remaining_budget if {
	slo := object.union(healthy_slo, {"errorBudget": {"consumedRatio": 0.999, "remainingRatio": 0.001, "remainingMinutes": 40.3}})
	allowed(decision) with input as input_with_slos([slo]) with data.tollgate.settings as fixture_settings
}

test_allows_exhausted_budget_with_emergency_label_and_warns if {
	req := with_slos(input_with_change({"labels": ["hotfix", "emergency"]}), [exhausted_slo])
	d := decision with input as req with data.tollgate.settings as fixture_settings
	d == {"outcome": "allow", "reasons": [
		{"code": "all_checks_passed", "message": "all release gates passed"},
		{"code": "error_budget_exhausted_exempted", "message": concat("", [
			exhausted_message_prefix,
			"; production freeze waived for this change (labelled emergency)",
		])},
	]}
}

test_exemption_names_every_matching_label if {
	req := with_slos(input_with_change({"labels": ["security-fix", "emergency"]}), [exhausted_slo])
	d := decision with input as req with data.tollgate.settings as fixture_settings
	d.reasons[1].message == concat("", [
		exhausted_message_prefix,
		"; production freeze waived for this change (labelled emergency, security-fix)",
	])
}

test_exempt_labels_match_exactly if {
	req := with_slos(input_with_change({"labels": ["Emergency", "security"]}), [exhausted_slo])
	d := decision with input as req with data.tollgate.settings as fixture_settings
	codes(d) == ["error_budget_exhausted"]
}

test_allows_exhausted_budget_in_staging if {
	allowed(decision) with input as staging_input_with_slos([exhausted_slo]) with data.tollgate.settings as fixture_settings
}

test_denies_exhausted_budget_without_exempt_labels if {
	s := settings_with({"budget_freeze_exempt_labels": []})
	req := with_slos(input_with_change({"labels": ["emergency"]}), [exhausted_slo])
	d := decision with input as req with data.tollgate.settings as s
	d.reasons == [{
		"code": "error_budget_exhausted",
		"message": concat("", [exhausted_message_prefix, "; production is frozen for every change (no exempt labels)"]),
	}]
}

test_budget_freeze_environments_come_from_settings if {
	s := settings_with({"budget_freeze_environments": ["staging"]})
	d := decision with input as staging_input_with_slos([exhausted_slo]) with data.tollgate.settings as s
	codes(d) == ["error_budget_exhausted"]
}

# sli_unavailable

sli_unavailable_message := "SLI of checkout-latency is unavailable: prometheus unreachable at http://127.0.0.1:9090: connection refused"

test_holds_unavailable_slo_by_default if {
	d := decision with input as input_with_slos([healthy_slo, unavailable_slo]) with data.tollgate.settings as fixture_settings
	d == {"outcome": "hold", "reasons": [{"code": "sli_unavailable", "message": sli_unavailable_message}]}
}

test_holds_unavailable_slo_with_shipped_settings if {
	d := decision with input as input_with_slos([unavailable_slo])
	codes(d) == ["sli_unavailable"]
	d.outcome == "hold"
}

test_denies_unavailable_slo_when_environment_maps_to_deny if {
	s := settings_replacing("sli_unavailable_outcome", {"*": "hold", "production": "deny"})
	d := decision with input as input_with_slos([unavailable_slo]) with data.tollgate.settings as s
	d == {"outcome": "deny", "reasons": [{"code": "sli_unavailable", "message": sli_unavailable_message}]}
}

test_uses_fallback_for_other_environments if {
	s := settings_replacing("sli_unavailable_outcome", {"*": "hold", "production": "deny"})
	d := decision with input as staging_input_with_slos([unavailable_slo]) with data.tollgate.settings as s
	d.outcome == "hold"
	codes(d) == ["sli_unavailable"]
}

test_allows_unavailable_slo_with_warning_when_accepted if {
	s := settings_replacing("sli_unavailable_outcome", {"*": "hold", "staging": "allow"})
	d := decision with input as staging_input_with_slos([unavailable_slo]) with data.tollgate.settings as s
	d == {"outcome": "allow", "reasons": [
		{"code": "all_checks_passed", "message": "all release gates passed"},
		{"code": "sli_unavailable", "message": sli_unavailable_message},
	]}
}

test_fallback_can_deny_everywhere if {
	s := settings_replacing("sli_unavailable_outcome", {"*": "deny"})
	d := decision with input as staging_input_with_slos([unavailable_slo]) with data.tollgate.settings as s
	d.outcome == "deny"
}

test_unavailable_slo_without_problem_text if {
	slo := object.union(unavailable_slo, {"problem": null})
	d := decision with input as input_with_slos([slo]) with data.tollgate.settings as fixture_settings
	d.reasons == [{"code": "sli_unavailable", "message": "SLI of checkout-latency is unavailable: no problem reported"}]
}

test_deny_beats_sli_unavailable_hold_and_lists_only_deny_reasons if {
	req := with_slos(input_with_change({"approvals": []}), [unavailable_slo])
	d := decision with input as object.union(req, {"release": object.union(req.release, {"stage": "canary-25", "previousStage": "canary-5"})})
		with data.tollgate.settings as fixture_settings
	d == {"outcome": "deny", "reasons": [{
		"code": "approval_missing",
		"message": "stage canary-25 in production needs an approval from someone other than the author dana (self-approvals do not count, nor do look-alike names)",
	}]}
}

test_hold_lists_warnings_too if {
	d := decision with input as input_with_slos([unavailable_slo, slo_burning(slow_burn)]) with data.tollgate.settings as fixture_settings
	d.outcome == "hold"
	codes(d) == ["burn_rate_warning", "sli_unavailable"]
}

test_unavailable_slo_burn_rates_and_budget_are_ignored if {
	slo := object.union(unavailable_slo, {"burnRates": [fast_burn], "errorBudget": {"remainingRatio": -1}})
	d := decision with input as input_with_slos([slo]) with data.tollgate.settings as fixture_settings
	codes(d) == ["sli_unavailable"]
}

# Number formatting

test_one_decimal_rounds_half_away_from_zero if {
	one_decimal(16.2) == "16.2"
	one_decimal(1) == "1.0"
	one_decimal(0) == "0.0"
	one_decimal(14.45) == "14.5"
	one_decimal(0.04) == "0.0"
	one_decimal(-0.05) == "-0.1"
	one_decimal(-9) == "-9.0"
	one_decimal(123456.78) == "123456.8"
}

test_percent_of_ratio if {
	percent(-9) == "-900.0%"
	percent(0.5) == "50.0%"
	percent(0.0004) == "0.0%"
	percent(-0.8355) == "-83.6%"
}

test_out_of_range_numbers_are_written_as_bounds if {
	one_decimal(999999999.9) == "999999999.9"
	one_decimal(1e9) == "more than 999999999.9"
	one_decimal(-1e300) == "less than -999999999.9"
	percent(-1e8) == "less than -999999999.9%"
}
