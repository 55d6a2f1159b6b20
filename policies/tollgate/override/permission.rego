# Whether a release manager may create an override: data.tollgate.override.decision
# answers {"outcome": "allow"|"deny", "reasons": [...]}, the same shape as the
# gate decision. Tollgate evaluates it on POST /v1/overrides; a deny is a 403
# with these reasons, and the refusal is recorded in the audit log.
#
# Input (built by gate-service, see docs/overrides.md):
#   now, actor {subject, subjectSkeleton, role},
#   override {effect, scope {service, environment, version, release}, suppress,
#             reason, ticket, labels, expiresAt, validForSeconds},
#   change {author, authorSkeleton} of the release in scope, or null.
package tollgate.override

import data.tollgate.non_overridable_reasons
import data.tollgate.reason
import data.tollgate.sorted_reasons
import data.tollgate.valid_freeze_windows
import rego.v1

settings := data.tollgate.settings if {
	is_object(data.tollgate.settings)
} else := {}

# Environments where a loosening override needs a ticket and a short life.
strict_environments := object.get(settings, "override_strict_environments", ["production"])

max_valid_hours := object.get(settings, "override_max_hours", 24)

loosening if input.override.effect != "freeze"

decision := {"outcome": "deny", "reasons": sorted_reasons(refusals)} if {
	count(refusals) > 0
} else := {"outcome": "allow", "reasons": [reason("override_permitted", "the override is permitted by policy")]}

refusals contains reason("override_not_overridable", msg) if {
	some code in input.override.suppress
	code in non_overridable_reasons
	msg := concat("", ["reason ", code, " can never be overridden"])
}

refusals contains reason("override_ticket_required", msg) if {
	loosening
	env := input.override.scope.environment
	env in strict_environments
	not has_ticket
	msg := concat("", ["an override in ", env, " needs a ticket"])
}

has_ticket if {
	is_string(input.override.ticket)
	trim_space(input.override.ticket) != ""
}

refusals contains reason("override_expiry_too_long", msg) if {
	loosening
	env := input.override.scope.environment
	env in strict_environments
	input.override.validForSeconds > max_valid_hours * 3600
	msg := concat("", [
		"an override in ", env, " may last at most ", format_int(max_valid_hours, 10),
		" h; this one expires at ", input.override.expiresAt,
	])
}

# The release's own author may not override it (confusable skeletons compared).
refusals contains reason("override_own_change", msg) if {
	loosening
	is_object(input.change)
	is_string(input.change.authorSkeleton)
	input.change.authorSkeleton == input.actor.subjectSkeleton
	msg := concat("", [input.actor.subject, " is the author of the change and may not override its gate"])
}

refusals contains reason("override_needs_emergency_label", msg) if {
	loosening
	env := input.override.scope.environment
	some w in valid_freeze_windows
	env in w.environments
	w.start <= input.now
	input.now < w.end
	not "emergency" in object.get(input.override, "labels", [])
	msg := concat("", [env, " is in freeze window ", w.name, " until ", w.end, "; an override needs the emergency label"])
}
