# Rule on_regression: what a release Tollgate drives does when its canary or
# its service's SLOs regress while a stage bakes. "rollback" sends traffic back
# to stable and turns the flag off at once; "halt" stops where it is and waits
# for a release manager. A gross canary failure (error ratio >= 20% over >= 50
# requests) rolls back whatever this says.
package tollgate.release

import rego.v1

# Where users are hurt right away, roll back; elsewhere, halt for a human.
rollback_environments := {"production", "staging"}

default on_regression := "halt"

on_regression := "rollback" if input.release.environment in rollback_environments
