# Whether two identities are the same person: the one comparison behind
# approval_missing (approvals.rego), override_not_applied (overrides.rego) and
# override_own_change (override/permission.rego).
#
# An identity is [name, skeleton, foldedSkeleton] as gate-service writes them
# (io.tollgate.identity.Identities; UTS #39 skeletons by ICU4J, see
# docs/policies.md): the skeleton of the upper-cased name catches look-alikes
# listed for capitals (I and l, Greek and Cyrillic capitals), the skeleton of
# the case-folded name those listed for small letters (Cyrillic і, m and rn).
# Both are case-insensitive, so "kim", "KIM", "Kim" and "kіm" are one person.
# Empty names and skeletons (blank or invisible) never match. Inputs recorded
# before foldedSkeleton existed carry none and compare as they did then.
package tollgate

import rego.v1

same_person(a, b) if {
	non_empty_string(a[0])
	is_string(b[0])
	lower(trim_space(a[0])) == lower(trim_space(b[0]))
}

same_person(a, b) if {
	non_empty_string(a[1])
	a[1] == b[1]
}

same_person(a, b) if {
	non_empty_string(a[2])
	a[2] == b[2]
}

# The element at index i of an array, "" when there is none (an input recorded
# before the folded skeletons existed).
string_at(arr, i) := arr[i] if {
	is_array(arr)
	is_string(arr[i])
} else := ""
