# Rule on_failure: what a release plan does when one of its releases halts,
# fails or rolls back, or a watched SLO burns fast. "rollback" compensates:
# every release of the plan already started is rolled back in reverse
# dependency order (dependents first), each reset verified before the next.
# "halt" pauses the plan's running releases and waits for a release manager.
package tollgate.plan

import rego.v1

# Where users are hurt right away, undo the whole change; elsewhere, halt for a human.
rollback_environments := {"production", "staging"}

default on_failure := "halt"

on_failure := "rollback" if input.plan.environment in rollback_environments

# The entry point Tollgate evaluates (data.tollgate.plan.decision). Both engines
# parse a decision document, so on_failure travels as its on_regression member:
# the plan's regression answer, as a release's comes with its gate decisions.
decision := {
	"outcome": "allow",
	"reasons": [{"code": "plan_on_failure", "message": "what a release plan does on a failure in this environment"}],
	"on_regression": on_failure,
}
