# Rule freeze_window_active: no rollout into an environment while one of its
# freeze windows is active (start <= now < end, compared as canonical UTC strings).
package tollgate

import rego.v1

deny_reasons contains reason("freeze_window_active", msg) if {
	now := input.now
	valid_timestamp(now)
	env := input.release.environment
	is_string(env)
	some w in valid_freeze_windows
	env in w.environments
	w.start <= now
	now < w.end
	msg := concat("", [env, " is frozen by ", w.name, " until ", w.end])
}
