# Tollgate release-gating policy: the single entry point data.tollgate.decision.
#
# Every check adds reasons to deny_reasons (blocks the rollout step),
# hold_reasons (pause and ask again later) or warning_reasons (worth knowing,
# does not change the outcome). decision picks the outcome by precedence
# deny > hold > allow and returns the winning outcome's reasons plus all
# warning reasons, sorted by code then message.
#
# The policy is compiled to WebAssembly and evaluated by the OPA Java Wasm SDK:
# do not use time.*, units.*, semver.*, crypto.*, uuid.*, http.send or other
# SDK-dependent builtins (see docs/policies.md).
package tollgate

import rego.v1

decision := outcome_decision("deny", deny_reasons) if {
	count(deny_reasons) > 0
} else := outcome_decision("hold", hold_reasons) if {
	count(hold_reasons) > 0
} else := outcome_decision("allow", {reason("all_checks_passed", "all release gates passed")})

# Warnings never decide the outcome; they are listed with whichever outcome wins.
outcome_decision(outcome, reasons) := {"outcome": outcome, "reasons": sorted_reasons(reasons | warning_reasons)}

reason(code, message) := {"code": code, "message": message}

# Sorting [code, message] pairs (arrays of strings) gives the same order in OPA
# and in Wasm: by code, then by message.
sorted_reasons(rs) := [reason(p[0], p[1]) | some p in sort([[r.code, r.message] | some r in rs])]

# Shared helpers.

# Canonical UTC timestamps (YYYY-MM-DDTHH:MM:SSZ) compare correctly as strings.
timestamp_pattern := `^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])T([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9]Z$`

valid_timestamp(x) if {
	is_string(x)
	regex.match(timestamp_pattern, x)
}

non_empty_string(x) if {
	is_string(x)
	trim_space(x) != ""
}

string_array(x) if {
	is_array(x)
	every e in x {
		is_string(e)
	}
}

# Marks an absent value in object.get lookups.
missing := {"tollgate": "missing value"}

# describe names a value in a message: strings quoted, anything else by type.
describe(x) := "nothing (missing)" if {
	x == missing
} else := concat("", ["\"", x, "\""]) if {
	is_string(x)
} else := concat("", ["a value of type ", type_name(x)])
