package tollgate
import rego.v1
default decision := {"outcome": "deny", "reasons": [{"code": "policy_incomplete", "message": "placeholder"}]}
