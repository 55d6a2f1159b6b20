# Input validation: a malformed input is denied with input_invalid, one reason
# per bad field, naming the field and the value found.
package tollgate

import rego.v1

# Fields the rules read. Other input fields (service, version, commit, ...) are
# recorded by the service but not used by any rule yet.
input_fields := [
	{"path": ["now"], "kind": "timestamp", "expect": "a UTC timestamp of the form YYYY-MM-DDTHH:MM:SSZ"},
	{"path": ["release", "environment"], "kind": "non_empty_string", "expect": "a non-empty string"},
	{"path": ["release", "stage"], "kind": "string", "expect": "a string"},
	{"path": ["release", "previousStage"], "kind": "string_or_null", "expect": "a string or null"},
	{"path": ["change", "author"], "kind": "non_empty_string", "expect": "a non-empty string"},
	{"path": ["change", "authorSkeleton"], "kind": "non_empty_string", "expect": "a non-empty string"},
	{"path": ["change", "approvals"], "kind": "string_array", "expect": "an array of strings"},
	{"path": ["change", "approvalSkeletons"], "kind": "string_array", "expect": "an array of strings"},
	{"path": ["change", "labels"], "kind": "string_array", "expect": "an array of strings"},
	{"path": ["slos"], "kind": "array", "expect": "an array of SLOs"},
]

# A helper rule, not `not is_object(input)`: OPA rewrites that to
# `x := input; not is_object(x)`, which is undefined (so no deny) when there is
# no input at all (open-policy-agent/opa#1877).
input_is_object if is_object(input)

deny_reasons contains reason("input_invalid", msg) if {
	not input_is_object
	msg := concat("", ["input must be a JSON object, got ", describe(input_or_missing)])
}

deny_reasons contains reason("input_invalid", msg) if {
	input_is_object
	not input_fields_ok
	some field in input_fields
	value := object.get(input, field.path, missing)
	not value_has_kind(field.kind, value)
	msg := concat("", ["input.", concat(".", field.path), " must be ", field.expect, ", got ", describe(value)])
}

deny_reasons contains reason("input_invalid", msg) if {
	string_array(input.change.approvals)
	string_array(input.change.approvalSkeletons)
	not approval_skeletons_match
	msg := concat("", [
		"input.change.approvalSkeletons must have one entry per approval (",
		format_int(count(input.change.approvals), 10), "), got ",
		format_int(count(input.change.approvalSkeletons), 10),
	])
}

# Fields Tollgate writes that inputs recorded before them lack: checked when present.
optional_input_fields := [
	{"path": ["change", "authorFoldedSkeleton"], "kind": "string", "expect": "a string"},
	{"path": ["change", "approvalFoldedSkeletons"], "kind": "string_array", "expect": "an array of strings"},
]

deny_reasons contains reason("input_invalid", msg) if {
	input_is_object
	some field in optional_input_fields
	value := object.get(input, field.path, missing)
	value != missing
	not value_has_kind(field.kind, value)
	msg := concat("", ["input.", concat(".", field.path), " must be ", field.expect, ", got ", describe(value)])
}

deny_reasons contains reason("input_invalid", msg) if {
	string_array(input.change.approvals)
	string_array(input.change.approvalFoldedSkeletons)
	count(input.change.approvalFoldedSkeletons) != count(input.change.approvals)
	msg := concat("", [
		"input.change.approvalFoldedSkeletons must have one entry per approval (",
		format_int(count(input.change.approvals), 10), "), got ",
		format_int(count(input.change.approvalFoldedSkeletons), 10),
	])
}

# Sufficient for the field walk above to find nothing: the checks of input_fields,
# written out. Every input Tollgate builds passes this one pass, which costs a
# fraction of the walk's generic lookups (measured on the Wasm engine with
# bench/PolicyFloor.java); only a malformed input takes the walk, to name each
# bad field.
input_fields_ok if {
	valid_timestamp(input.now)
	non_empty_string(input.release.environment)
	is_string(input.release.stage)
	string_or_null(input.release.previousStage)
	non_empty_string(input.change.author)
	non_empty_string(input.change.authorSkeleton)
	string_array(input.change.approvals)
	string_array(input.change.approvalSkeletons)
	string_array(input.change.labels)
	is_array(input.slos)
}

string_or_null(x) if is_string(x)

string_or_null(x) if x == null

approval_skeletons_match if count(input.change.approvalSkeletons) == count(input.change.approvals)

input_or_missing := x if {
	x := input
} else := missing

value_has_kind("timestamp", v) if valid_timestamp(v)

value_has_kind("non_empty_string", v) if non_empty_string(v)

value_has_kind("string", v) if is_string(v)

value_has_kind("string_or_null", v) if string_or_null(v)

value_has_kind("string_array", v) if string_array(v)

value_has_kind("number", v) if is_number(v)

value_has_kind("slo_status", v) if v in {"ok", "unavailable"}

# SLO entries: one input_invalid reason per bad field, naming it as
# input.slos[i].field. The SLO rules (slo.rego) only see valid entries.

deny_reasons contains reason("input_invalid", concat("", [label, " must be ", problem])) if {
	some problems in slo_problems_at
	some [label, problem] in problems
}

input_slos := input.slos if is_array(input.slos)

valid_slos contains slo if {
	some i, slo in input_slos
	not slo_problems_at[i]
}

# The problems of each invalid entry, by index, computed once for both rules
# above. Entries that pass the direct checks of slo_entry_ok skip the
# field-by-field walk (which would find nothing).
slo_problems_at[i] := problems if {
	some i, slo in input_slos
	not slo_entry_ok(slo)
	problems := slo_problems(slo_label(i), slo)
	count(problems) > 0
}

# Sufficient for slo_problems to be empty: the same field checks, written out.
slo_entry_ok(slo) if {
	non_empty_string(slo.name)
	slo.status == "unavailable"
}

slo_entry_ok(slo) if {
	non_empty_string(slo.name)
	slo.status == "ok"
	non_empty_string(slo.window)
	is_number(slo.target)
	is_number(slo.sli)
	is_number(slo.errorBudget.remainingRatio)
	is_array(slo.burnRates)
	every b in slo.burnRates {
		burn_rate_ok(b)
	}
}

burn_rate_ok(b) if {
	non_empty_string(b.name)
	is_string(b.severity)
	is_number(b.threshold)
	non_empty_string(b.longWindow)
	is_number(b.longRate)
	non_empty_string(b.shortWindow)
	is_number(b.shortRate)
}

slo_label(i) := concat("", ["input.slos[", format_int(i, 10), "]"])

# slo_problems and burn_rate_problems return a set of [field label, problem].
slo_problems(label, slo) := {[label, concat("", ["an SLO object, got ", describe(slo)])]} if {
	not is_object(slo)
} else := field_problems(label, slo, slo_fields) | status_ok_problems(label, slo)

status_ok_problems(label, slo) := problems if {
	slo.status == "ok"
	burn_rates := object.get(slo, "burnRates", missing)
	problems := field_problems(label, slo, slo_ok_fields) | {p |
		is_array(burn_rates)
		some j, b in burn_rates
		some p in burn_rate_problems(concat("", [label, ".burnRates[", format_int(j, 10), "]"]), b)
	}
} else := set()

burn_rate_problems(label, b) := {[label, concat("", ["a burn rate object, got ", describe(b)])]} if {
	not is_object(b)
} else := field_problems(label, b, burn_rate_fields)

field_problems(label, obj, fields) := {[concat(".", [label, concat(".", f.path)]), problem] |
	some f in fields
	value := object.get(obj, f.path, missing)
	not value_has_kind(f.kind, value)
	problem := concat("", [f.expect, ", got ", describe(value)])
}

slo_fields := [
	{"path": ["name"], "kind": "non_empty_string", "expect": "a non-empty string"},
	{"path": ["status"], "kind": "slo_status", "expect": "\"ok\" or \"unavailable\""},
]

# Fields read when status is "ok" (when "unavailable", only name and problem are used).
slo_ok_fields := [
	{"path": ["window"], "kind": "non_empty_string", "expect": "a non-empty string"},
	{"path": ["target"], "kind": "number", "expect": "a number"},
	{"path": ["sli"], "kind": "number", "expect": "a number"},
	{"path": ["errorBudget", "remainingRatio"], "kind": "number", "expect": "a number"},
	{"path": ["burnRates"], "kind": "array", "expect": "an array of burn rates"},
]

burn_rate_fields := [
	{"path": ["name"], "kind": "non_empty_string", "expect": "a non-empty string"},
	{"path": ["severity"], "kind": "string", "expect": "a string"},
	{"path": ["threshold"], "kind": "number", "expect": "a number"},
	{"path": ["longWindow"], "kind": "non_empty_string", "expect": "a non-empty string"},
	{"path": ["longRate"], "kind": "number", "expect": "a number"},
	{"path": ["shortWindow"], "kind": "non_empty_string", "expect": "a non-empty string"},
	{"path": ["shortRate"], "kind": "number", "expect": "a number"},
]
