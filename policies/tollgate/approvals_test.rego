package tollgate

import rego.v1

test_denies_production_canary_25_without_independent_approval if {
	req := object.union(input_with_change({"approvals": []}), {
		"release": object.union(example_input.release, {"stage": "canary-25", "previousStage": "canary-5"}),
	})
	d := decision with input as req with data.tollgate.settings as fixture_settings
	d == {"outcome": "deny", "reasons": [{
		"code": "approval_missing",
		"message": "stage canary-25 in production needs an approval from someone other than the author dana (self-approvals do not count, nor do look-alike names)",
	}]}
}

test_denies_production_when_author_approves_own_change if {
	d := decision with input as input_with_change({"approvals": ["dana"]}) with data.tollgate.settings as fixture_settings
	codes(d) == ["approval_missing"]
}

test_denies_self_approval_matched_case_insensitively if {
	d := decision with input as input_with_change({"author": "Dana", "approvals": ["DANA", " dana "]})
		with data.tollgate.settings as fixture_settings
	codes(d) == ["approval_missing"]
}

test_denies_blank_approval if {
	d := decision with input as input_with_change({"approvals": ["", "  "]}) with data.tollgate.settings as fixture_settings
	codes(d) == ["approval_missing"]
}

test_allows_self_approval_plus_independent_approval if {
	allowed(decision) with input as input_with_change({"approvals": ["dana", "Lee"]}) with data.tollgate.settings as fixture_settings
}

test_allows_first_stage_in_production_without_approval if {
	req := object.union(input_with_change({"approvals": []}), {
		"release": object.union(example_input.release, {"stage": "canary-1"}),
	})
	allowed(decision) with input as req with data.tollgate.settings as fixture_settings
}

test_allows_staging_without_approval if {
	req := object.union(input_with_change({"approvals": []}), {
		"release": object.union(example_input.release, {"environment": "staging"}),
	})
	allowed(decision) with input as req with data.tollgate.settings as fixture_settings
}

# Skeletons as gate-service computes them (io.tollgate.identity.Identities.skeleton).
look_alike_approval(approvals, skeletons) := input_with_change({"approvals": approvals, "approvalSkeletons": skeletons})

test_denies_self_approval_under_a_confusable_name if {
	# "dаna" with a Cyrillic а (U+0430): a different string, the author's skeleton.
	d := decision with input as look_alike_approval(["dаna"], ["dana"]) with data.tollgate.settings as fixture_settings
	d == {"outcome": "deny", "reasons": [{
		"code": "approval_missing",
		"message": "stage canary-5 in production needs an approval from someone other than the author dana (self-approvals do not count, nor do look-alike names)",
	}]}
}

test_denies_self_approval_with_a_zero_width_space if {
	d := decision with input as look_alike_approval(["dana\u200b"], ["dana"]) with data.tollgate.settings as fixture_settings
	codes(d) == ["approval_missing"]
}

test_denies_invisible_approval if {
	# trim_space keeps U+200B, so only its empty skeleton shows it is nobody.
	d := decision with input as look_alike_approval(["\u200b"], [""]) with data.tollgate.settings as fixture_settings
	codes(d) == ["approval_missing"]
}

test_denies_when_only_look_alike_self_approvals_remain if {
	req := look_alike_approval(["dana", "DАNA", "dana\u200b"], ["dana", "dana", "dana"])
	codes(decision) == ["approval_missing"] with input as req with data.tollgate.settings as fixture_settings
}

test_allows_look_alike_self_approval_plus_independent_approval if {
	req := look_alike_approval(["dаna", "lee"], ["dana", "lee"])
	allowed(decision) with input as req with data.tollgate.settings as fixture_settings
}

test_invalid_skeletons_deny_with_input_invalid_only if {
	d := decision with input as look_alike_approval(["lee"], []) with data.tollgate.settings as fixture_settings
	d.reasons == [{"code": "input_invalid", "message": "input.change.approvalSkeletons must have one entry per approval (1), got 0"}]
}

test_missing_author_skeleton_denies_with_input_invalid_only if {
	req := object.union(object.remove(example_input, ["change"]), {"change": object.remove(example_input.change, ["authorSkeleton"])})
	d := decision with input as req with data.tollgate.settings as fixture_settings
	d.reasons == [{"code": "input_invalid", "message": "input.change.authorSkeleton must be a non-empty string, got nothing (missing)"}]
}
