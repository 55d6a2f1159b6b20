package tollgate

import rego.v1

# [name, skeleton, foldedSkeleton] as io.tollgate.identity.Identities computes them.
kim := ["kim", "klrn", "kirn"]

kim_upper := ["KIM", "klrn", "kirn"]

kim_cyrillic := ["kіm", "klrn", "kirn"] # Cyrillic і (U+0456)

kim_greek := ["ΚΙΜ", "klrn", "ĸiμ"] # Greek capitals

lee := ["lee", "lee", "lee"]

lee_capital_i := ["Iee", "lee", "iee"]

test_case_and_look_alike_variants_are_the_same_person if {
	every other in [kim_upper, kim_cyrillic, kim_greek] {
		same_person(kim, other)
		same_person(other, kim)
	}
	same_person(lee, lee_capital_i)
}

# The review's case: before the folded skeleton, "kim" (kirn) and "KIM" (klrn)
# had different skeletons; the names still match ignoring case.
test_names_equal_ignoring_case_are_the_same_person_without_skeletons if {
	same_person(["kim", "kirn", ""], [" KIM ", "klrn", ""])
}

test_different_people_and_empty_identities_are_not_the_same_person if {
	not same_person(kim, lee)
	not same_person(["", "", ""], ["", "", ""])
	not same_person(["\u200b", "", ""], ["x", "", ""])
}

# Self-approval under another case: the author's key, not the approval's spelling.
test_denies_self_approval_in_upper_case if {
	req := input_with_change({
		"author": "kim", "authorSkeleton": "klrn", "authorFoldedSkeleton": "kirn",
		"approvals": ["KIM", "kіm"], "approvalSkeletons": ["klrn", "klrn"], "approvalFoldedSkeletons": ["kirn", "kirn"],
	})
	d := decision with input as req with data.tollgate.settings as fixture_settings
	codes(d) == ["approval_missing"]
}

test_an_override_by_the_authors_upper_case_name_is_not_applied if {
	o := object.union(allow_override(["freeze_window_active"]), {
		"createdBy": "KIM", "createdBySkeleton": "klrn", "createdByFoldedSkeleton": "kirn",
		"expiresAt": "2027-01-01T00:00:00Z",
	})
	inp := object.union(frozen_input([o]), {"change": object.union(example_input.change, {
		"author": "kim", "authorSkeleton": "klrn", "authorFoldedSkeleton": "kirn",
	})})
	d := decision with input as inp with data.tollgate.settings as fixture_settings
	codes(d) == ["freeze_window_active", "override_not_applied"]
}

test_malformed_folded_skeletons_deny_with_input_invalid if {
	d := decision with input as input_with_change({"approvalFoldedSkeletons": []}) with data.tollgate.settings as fixture_settings
	d.reasons == [{"code": "input_invalid", "message": "input.change.approvalFoldedSkeletons must have one entry per approval (1), got 0"}]
	e := decision with input as input_with_change({"authorFoldedSkeleton": 7}) with data.tollgate.settings as fixture_settings
	e.reasons == [{"code": "input_invalid", "message": "input.change.authorFoldedSkeleton must be a string, got a value of type number"}]
}

test_inputs_recorded_before_folded_skeletons_still_decide if {
	change := object.remove(example_input.change, ["authorFoldedSkeleton", "approvalFoldedSkeletons"])
	allowed(decision) with input as object.union(object.remove(example_input, ["change"]), {"change": change})
		with data.tollgate.settings as fixture_settings
}
