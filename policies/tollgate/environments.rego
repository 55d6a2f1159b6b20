# Rule unknown_environment: the environments the policy knows are policy data
# (data.tollgate.settings.environments). Any other environment is denied, so a
# misspelt or differently cased name ("Production") cannot slip past the rules
# that look environments up (approvals, freezes, budget freezes).
package tollgate

import rego.v1

# Skipped when environments is invalid (already denied with policy_data_invalid)
# or the input's environment is invalid (already denied with input_invalid).
deny_reasons contains reason("unknown_environment", msg) if {
	known := known_environments
	env := input.release.environment
	non_empty_string(env)
	not env in known
	msg := concat("", ["environment \"", env, "\" is not a known environment; known environments: ", concat(", ", known)])
}
