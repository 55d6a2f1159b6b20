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
# without a regex: the Wasm module forgets compiled regexes between evaluations,
# and compiling this one cost more than all the rest of an evaluation. Every
# digit becomes "0" in one native call, so the shape is one string comparison;
# the ranges compare two-digit strings, which order as their numbers do. This
# is about 4 times cheaper in Wasm than checking character by character
# (bench/PolicyFloor.java), and an evaluation validates several timestamps.
valid_timestamp(x) if {
	is_string(x)
	strings.replace_n(digits_to_zero, x) == "0000-00-00T00:00:00Z"
	month := substring(x, 5, 2)
	month >= "01"
	month <= "12"
	day := substring(x, 8, 2)
	day >= "01"
	day <= "31"
	substring(x, 11, 2) <= "23"
	substring(x, 14, 2) <= "59"
	substring(x, 17, 2) <= "59"
}

digits_to_zero := {"1": "0", "2": "0", "3": "0", "4": "0", "5": "0", "6": "0", "7": "0", "8": "0", "9": "0"}

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
