# Test-only policy: the decision is whatever input.decision says, and undefined when it says nothing.
# Lets tests feed malformed or undefined decisions through the real engines.
package tollgate

import rego.v1

decision := input.decision if input.decision != null
