# Whether a release manager may create or revoke an override:
# data.tollgate.override.decision answers {"outcome": "allow"|"deny",
# "reasons": [...]}, the same shape as the gate decision. Tollgate evaluates it
# on POST /v1/overrides (input.action "create") and DELETE /v1/overrides/{id}
# (input.action "revoke"); a deny is a 403 with these reasons, and the refusal
# is recorded in the audit log (override.refused).
#
# Input (built by gate-service, see docs/overrides.md):
#   action "create" | "revoke" (absent: "create"), now,
#   actor {subject, subjectSkeleton, subjectFoldedSkeleton, role},
#   override {effect, scope {service, environment, version, release}, suppress,
#             reason, ticket, labels, expiresAt, validForSeconds}
#             (revoke: the override revoked, with id, createdBy, ...),
#   change {author, authorSkeleton, authorFoldedSkeleton} of the release in
#          scope, or null (create),
#   revocation {reason, ticket} and changes [{author, authorSkeleton,
#          authorFoldedSkeleton}]: the changes the override is gating (revoke).
package tollgate.override

import data.tollgate.non_overridable_reasons
import data.tollgate.reason
import data.tollgate.same_person
import data.tollgate.sorted_reasons
import data.tollgate.valid_freeze_windows
import rego.v1

settings := data.tollgate.settings if {
	is_object(data.tollgate.settings)
} else := {}

# Environments where a loosening override needs a ticket and a short life.
strict_environments := object.get(settings, "override_strict_environments", ["production"])

max_valid_hours := object.get(settings, "override_max_hours", 24)

action := object.get(input, "action", "create")

creating if action == "create"

# Creating anything but a freeze loosens the gate; so does revoking a freeze,
# which lets held changes through as much as an allow would.
loosening if {
	creating
	input.override.effect != "freeze"
}

loosening if {
	action == "revoke"
	input.override.effect == "freeze"
}

decision := {"outcome": "deny", "reasons": sorted_reasons(refusals)} if {
	count(refusals) > 0
} else := {"outcome": "allow", "reasons": [reason("override_permitted", permitted_message)]}

permitted_message := "the revocation is permitted by policy" if action == "revoke"

else := "the override is permitted by policy"

refusals contains reason("override_action_invalid", "input.action must be \"create\" or \"revoke\"") if {
	not action in {"create", "revoke"}
}

refusals contains reason("override_not_overridable", msg) if {
	creating
	some code in input.override.suppress
	code in non_overridable_reasons
	msg := concat("", ["reason ", code, " can never be overridden"])
}

refusals contains reason("override_ticket_required", msg) if {
	loosening
	env := input.override.scope.environment
	env in strict_environments
	not has_ticket
	msg := concat("", [what, " in ", env, " needs a ticket"])
}

what := "revoking a freeze" if action == "revoke"

else := "an override"

# The ticket of the request: the override's when creating, the revocation's when
# revoking. Blank or invisible text (a zero-width space) is no ticket: the same
# test as gate-service's HumanText.visible, for inputs sent to OPA directly.
ticket := input.override.ticket if creating

ticket := object.get(object.get(input, "revocation", {}), "ticket", null) if action == "revoke"

has_ticket if {
	is_string(ticket)
	visible_text(ticket)
}

# Some character that is not white space, a control, a format character or
# another default-ignorable one (variation selectors, fillers, ...). Only the
# override decision uses a regex: Wasm recompiles it on every evaluation.
visible_text(s) if regex.match(`[^\pZ\pC\x{180B}-\x{180F}\x{FE00}-\x{FE0F}\x{E0100}-\x{E01EF}\x{034F}\x{115F}\x{1160}\x{17B4}\x{17B5}\x{3164}\x{FFA0}\x{2800}]`, s)

refusals contains reason("override_expiry_too_long", msg) if {
	loosening
	creating
	env := input.override.scope.environment
	env in strict_environments
	input.override.validForSeconds > max_valid_hours * 3600
	msg := concat("", [
		"an override in ", env, " may last at most ", format_int(max_valid_hours, 10),
		" h; this one expires at ", input.override.expiresAt,
	])
}

actor := [
	input.actor.subject,
	input.actor.subjectSkeleton,
	object.get(input.actor, "subjectFoldedSkeleton", ""),
]

person(c) := [
	object.get(c, "author", ""),
	object.get(c, "authorSkeleton", ""),
	object.get(c, "authorFoldedSkeleton", ""),
]

# The release's own author may not override it (same_person: case and
# look-alike names do not make another person).
refusals contains reason("override_own_change", msg) if {
	loosening
	creating
	is_object(input.change)
	same_person(actor, person(input.change))
	msg := concat("", [input.actor.subject, " is the author of the change and may not override its gate"])
}

# Nor may the author of a change the freeze holds revoke it.
refusals contains reason("override_own_change", msg) if {
	loosening
	action == "revoke"
	some c in object.get(input, "changes", [])
	is_object(c)
	same_person(actor, person(c))
	msg := concat("", [
		input.actor.subject, " is the author of a change frozen by ", input.override.id,
		" (", c.author, ") and may not revoke the freeze",
	])
}

refusals contains reason("override_needs_emergency_label", msg) if {
	loosening
	creating
	env := input.override.scope.environment
	some w in valid_freeze_windows
	env in w.environments
	w.start <= input.now
	input.now < w.end
	not "emergency" in object.get(input.override, "labels", [])
	msg := concat("", [env, " is in freeze window ", w.name, " until ", w.end, "; an override needs the emergency label"])
}
