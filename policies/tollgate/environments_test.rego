package tollgate

import rego.v1

test_denies_unknown_environment_listing_the_known_ones if {
	d := decision with input as input_with_release({"environment": "prod"}) with data.tollgate.settings as fixture_settings
	d == {"outcome": "deny", "reasons": [{
		"code": "unknown_environment",
		"message": "environment \"prod\" is not a known environment; known environments: development, staging, production",
	}]}
}

test_denies_differently_cased_environment if {
	# "Production" is not production: it would skip the approval rule.
	d := decision with input as input_with_change({"approvals": []}) with data.tollgate.settings as fixture_settings
		with input.release.environment as "Production"
	codes(d) == ["unknown_environment"]
}

test_allows_every_known_environment if {
	every env in ["development", "staging"] {
		allowed(decision) with input as input_with_release({"environment": env}) with data.tollgate.settings as fixture_settings
	}
}

test_unknown_environment_uses_the_policy_data if {
	s := settings_replacing("environments", ["staging", "production", "eu-production"])
	allowed(decision) with input as input_with_release({"environment": "eu-production"}) with data.tollgate.settings as s
	codes(decision) == ["unknown_environment"] with input as input_with_release({"environment": "development"})
		with data.tollgate.settings as s
}

test_invalid_environments_data_skips_the_environment_check if {
	every envs in [[], ["staging", "staging"], ["staging", ""], "production", null] {
		d := decision with input as input_with_release({"environment": "prod"})
			with data.tollgate.settings as settings_replacing("environments", envs)
		codes(d) == ["policy_data_invalid"]
	}
}

test_shipped_data_knows_development_staging_and_production if {
	known_environments == ["development", "staging", "production"]
}
