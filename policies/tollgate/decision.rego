# Tollgate release-gating policy: the single entry point data.tollgate.decision.
#
# Every check adds reasons to deny_reasons (blocks the rollout step),
# hold_reasons (pause and ask again later) or warning_reasons (worth knowing,
# does not change the outcome). decision picks the outcome by precedence
# deny > hold > allow and returns the winning outcome's reasons plus all
# warning reasons, sorted by code then message. An allow override that covers
# every deny and hold reason turns the outcome into allow (overrides.rego).
#
# The policy is compiled to WebAssembly and evaluated by the OPA Java Wasm SDK:
# do not use time.*, units.*, semver.*, crypto.*, uuid.*, http.send or other
# SDK-dependent builtins (see docs/policies.md).
package tollgate

import rego.v1

decision := override_allow_decision if {
	override_allow_decision
} else := outcome_decision("deny", deny_reasons) if {
	count(deny_reasons) > 0
} else := outcome_decision("hold", hold_reasons) if {
	count(hold_reasons) > 0
} else := outcome_decision("allow", {reason("all_checks_passed", "all release gates passed")})

# Warnings never decide the outcome; they are listed with whichever outcome wins.
# Checks Tollgate runs for a release it drives itself (actor tollgate/release/<id>)
# also carry what that release does on a regression while baking
# (data.tollgate.release.on_regression); other checks keep the two members.
outcome_decision(outcome, reasons) := {
	"outcome": outcome,
	"reasons": sorted_reasons(reasons | warning_reasons),
	"on_regression": data.tollgate.release.on_regression,
} if {
	startswith(input.actor.subject, "tollgate/release/")
} else := {"outcome": outcome, "reasons": sorted_reasons(reasons | warning_reasons)}

reason(code, message) := {"code": code, "message": message}

# Sorting [code, message] pairs (arrays of strings) gives the same order in OPA
# and in Wasm: by code, then by message.
sorted_reasons(rs) := [reason(p[0], p[1]) | some p in sort([[r.code, r.message] | some r in rs])]

# Shared helpers.

# Canonical UTC timestamps (YYYY-MM-DDTHH:MM:SSZ) compare correctly as strings.
# valid_timestamp accepts exactly the strings that match
#   ^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])T([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9]Z$
# but checks them character by character: the Wasm module forgets compiled
# regexes between evaluations, and compiling this one cost more than all the
# rest of an evaluation (see bench/policy-eval.sh).
valid_timestamp(x) if {
	is_string(x)
	count(x) == 20
	two_digits(x, 0) >= 0
	two_digits(x, 2) >= 0
	substring(x, 4, 1) == "-"
	month := two_digits(x, 5)
	month >= 1
	month <= 12
	substring(x, 7, 1) == "-"
	day := two_digits(x, 8)
	day >= 1
	day <= 31
	substring(x, 10, 1) == "T"
	two_digits(x, 11) <= 23
	substring(x, 13, 1) == ":"
	two_digits(x, 14) <= 59
	substring(x, 16, 1) == ":"
	two_digits(x, 17) <= 59
	substring(x, 19, 1) == "Z"
}

# The number written by the two ASCII digits at index i of s; undefined unless both are digits.
two_digits(s, i) := (10 * decimal_digits[substring(s, i, 1)]) + decimal_digits[substring(s, i + 1, 1)]

decimal_digits := {"0": 0, "1": 1, "2": 2, "3": 3, "4": 4, "5": 5, "6": 6, "7": 7, "8": 8, "9": 9}

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
