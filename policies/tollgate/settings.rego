# Policy data: data.tollgate.settings, loaded from settings/data.json.
# Malformed data is denied with policy_data_invalid (fail safe), one reason per
# problem, naming the key and the value found. Checks whose data is invalid
# are skipped, so they do not add misleading reasons.
package tollgate

import rego.v1

settings_doc := data.tollgate.settings if {
	is_object(data.tollgate.settings)
} else := {}

settings_fields := [
	{"key": "environments", "kind": "unique_names", "expect": "a non-empty array of unique non-empty strings"},
	{"key": "stages", "kind": "unique_names", "expect": "a non-empty array of unique non-empty strings"},
	{"key": "max_stage_jump", "kind": "non_negative_integer", "expect": "a non-negative integer"},
	{"key": "approval_required_environments", "kind": "string_array", "expect": "an array of strings"},
	{"key": "freeze_windows", "kind": "array", "expect": "an array of freeze windows"},
	{"key": "burn_rate_deny_severities", "kind": "string_array", "expect": "an array of strings"},
	{"key": "budget_freeze_environments", "kind": "string_array", "expect": "an array of strings"},
	{"key": "budget_freeze_exempt_labels", "kind": "string_array", "expect": "an array of strings"},
	{
		"key": "sli_unavailable_outcome", "kind": "outcome_map",
		"expect": "an object mapping environments and the fallback \"*\" to \"hold\", \"deny\" or \"allow\"",
	},
]

deny_reasons contains reason("policy_data_invalid", msg) if {
	not settings_fields_ok
	some field in settings_fields
	value := object.get(settings_doc, field.key, missing)
	not value_has_kind(field.kind, value)
	msg := concat("", ["data.tollgate.settings.", field.key, " must be ", field.expect, ", got ", describe(value)])
}

# Sufficient for the walk above to find nothing: each validated setting below is
# defined only when its field has the expected kind, and the checks need them
# anyway, so valid data costs no second pass over settings_fields.
settings_fields_ok if {
	known_environments
	known_stages
	max_stage_jump
	approval_required_environments
	freeze_windows_doc
	burn_rate_deny_severities
	budget_freeze_environments
	budget_freeze_exempt_labels
	sli_unavailable_outcomes
}

# Every environment the settings name must be one of environments: a typo
# ("prodution") would otherwise silently switch a check off.
deny_reasons contains reason("policy_data_invalid", msg) if {
	known := known_environments
	some [key, env] in settings_environment_refs
	not env in known
	msg := concat("", [
		"data.tollgate.settings.", key, " names \"", env,
		"\", which is not in environments (", concat(", ", known), ")",
	])
}

settings_environment_refs contains ["approval_required_environments", e] if some e in approval_required_environments

settings_environment_refs contains ["budget_freeze_environments", e] if some e in budget_freeze_environments

settings_environment_refs contains ["sli_unavailable_outcome", e] if {
	some e, _ in sli_unavailable_outcomes
	e != "*"
}

settings_environment_refs contains [key, e] if {
	some i, w in freeze_windows_doc
	not window_problems_at[i]
	some e in w.environments
	key := concat("", ["freeze_windows[", format_int(i, 10), "].environments"])
}

deny_reasons contains reason("policy_data_invalid", concat(": ", [window_label(i, freeze_windows_doc[i]), problem])) if {
	some i, problems in window_problems_at
	some problem in problems
}

value_has_kind("unique_names", v) if {
	is_array(v)
	count(v) > 0
	every s in v {
		non_empty_string(s)
	}
	count({s | some s in v}) == count(v)
}

value_has_kind("non_negative_integer", v) if {
	is_number(v)
	v >= 0
	round(v) == v
}

value_has_kind("array", v) if is_array(v)

value_has_kind("outcome_map", v) if {
	is_object(v)
	"*" in object.keys(v)
	every outcome in v {
		outcome in {"hold", "deny", "allow"}
	}
}

# Validated settings: each is defined only when its data is valid.

# An array, not a set: messages list the environments and stages in the order of the data.
known_environments := settings_doc.environments if value_has_kind("unique_names", settings_doc.environments)

known_stages := settings_doc.stages if value_has_kind("unique_names", settings_doc.stages)

max_stage_jump := settings_doc.max_stage_jump if value_has_kind("non_negative_integer", settings_doc.max_stage_jump)

approval_required_environments := {e | some e in settings_doc.approval_required_environments} if {
	value_has_kind("string_array", settings_doc.approval_required_environments)
}

burn_rate_deny_severities := {s | some s in settings_doc.burn_rate_deny_severities} if {
	value_has_kind("string_array", settings_doc.burn_rate_deny_severities)
}

budget_freeze_environments := {e | some e in settings_doc.budget_freeze_environments} if {
	value_has_kind("string_array", settings_doc.budget_freeze_environments)
}

# An array, not a set: messages list the labels in the order of the data.
budget_freeze_exempt_labels := settings_doc.budget_freeze_exempt_labels if {
	value_has_kind("string_array", settings_doc.budget_freeze_exempt_labels)
}

sli_unavailable_outcomes := settings_doc.sli_unavailable_outcome if {
	value_has_kind("outcome_map", settings_doc.sli_unavailable_outcome)
}

freeze_windows_doc := settings_doc.freeze_windows if is_array(settings_doc.freeze_windows)

# Only well-formed windows are applied; malformed ones deny via policy_data_invalid.
valid_freeze_windows contains w if {
	some i, w in freeze_windows_doc
	not window_problems_at[i]
}

# The problems of each malformed window, by index, computed once for both rules
# that need them. Windows that pass the direct checks of window_ok skip the
# field-by-field walk (which would find nothing).
window_problems_at[i] := problems if {
	some i, w in freeze_windows_doc
	not window_ok(w)
	problems := window_problems(w)
	count(problems) > 0
}

# Sufficient for window_problems to be empty: the same checks, written out.
window_ok(w) if {
	non_empty_string(w.name)
	valid_timestamp(w.start)
	valid_timestamp(w.end)
	string_array(w.environments)
	w.start < w.end
}

window_label(i, w) := concat("", ["data.tollgate.settings.freeze_windows[", format_int(i, 10), "] (", w.name, ")"]) if {
	is_string(w.name)
} else := concat("", ["data.tollgate.settings.freeze_windows[", format_int(i, 10), "]"])

window_problems(w) := {concat("", ["must be an object, got ", describe(w)])} if {
	not is_object(w)
} else := {problem |
	some check in window_fields
	value := object.get(w, check.key, missing)
	not value_has_kind(check.kind, value)
	problem := concat("", [check.key, " must be ", check.expect, ", got ", describe(value)])
} | {problem |
	valid_timestamp(w.start)
	valid_timestamp(w.end)
	w.start >= w.end
	problem := concat("", ["start ", w.start, " must be before end ", w.end])
}

window_fields := [
	{"key": "name", "kind": "non_empty_string", "expect": "a non-empty string"},
	{"key": "start", "kind": "timestamp", "expect": "a UTC timestamp of the form YYYY-MM-DDTHH:MM:SSZ"},
	{"key": "end", "kind": "timestamp", "expect": "a UTC timestamp of the form YYYY-MM-DDTHH:MM:SSZ"},
	{"key": "environments", "kind": "string_array", "expect": "an array of strings"},
]
