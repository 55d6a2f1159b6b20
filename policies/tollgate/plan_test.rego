package tollgate.plan_test

import rego.v1

import data.tollgate.plan

test_rolls_back_a_failed_plan_in_production if {
	plan.on_failure == "rollback" with input as {"plan": {"environment": "production"}}
}

test_rolls_back_a_failed_plan_in_staging if {
	plan.on_failure == "rollback" with input as {"plan": {"environment": "staging"}}
}

test_halts_a_failed_plan_in_development if {
	plan.on_failure == "halt" with input as {"plan": {"environment": "development"}}
}

test_halts_a_failed_plan_without_an_environment if {
	plan.on_failure == "halt" with input as {}
}

test_the_decision_carries_on_failure_as_on_regression if {
	d := plan.decision with input as {"plan": {"environment": "production", "name": "checkout-v2"}}
	d.outcome == "allow"
	d.on_regression == "rollback"
}
