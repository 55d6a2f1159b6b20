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
	{"path": ["change", "approvals"], "kind": "string_array", "expect": "an array of strings"},
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
	some field in input_fields
	value := object.get(input, field.path, missing)
	not value_has_kind(field.kind, value)
	msg := concat("", ["input.", concat(".", field.path), " must be ", field.expect, ", got ", describe(value)])
}

input_or_missing := x if {
	x := input
} else := missing

value_has_kind("timestamp", v) if valid_timestamp(v)

value_has_kind("non_empty_string", v) if non_empty_string(v)

value_has_kind("string", v) if is_string(v)

value_has_kind("string_or_null", v) if is_string(v)

value_has_kind("string_or_null", v) if v == null

value_has_kind("string_array", v) if string_array(v)
