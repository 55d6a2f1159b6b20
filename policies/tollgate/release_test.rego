package tollgate.release_test

import rego.v1

import data.tollgate
import data.tollgate.release

release_actor := {"subject": "tollgate/release/5f0c", "role": "ci"}

test_rolls_back_on_regression_in_production if {
	release.on_regression == "rollback" with input as {"release": {"environment": "production"}}
}

test_rolls_back_on_regression_in_staging if {
	release.on_regression == "rollback" with input as {"release": {"environment": "staging"}}
}

test_halts_on_regression_in_development if {
	release.on_regression == "halt" with input as {"release": {"environment": "development"}}
}

test_halts_on_regression_without_an_environment if {
	release.on_regression == "halt" with input as {}
}

test_a_release_driven_check_carries_on_regression if {
	d := tollgate.decision with input as object.union(tollgate.example_input, {"actor": release_actor})
	d.outcome == "allow"
	d.on_regression == "rollback"
}

test_a_pipeline_check_has_no_on_regression if {
	d := tollgate.decision with input as tollgate.example_input
	object.keys(d) == {"outcome", "reasons"}
}
