package io.tollgate.policy;

/**
 * The rules Tollgate asks the policy for. All are compiled into the Wasm bundle ({@code opa build -e ...}) and
 * answered by an OPA server under {@code /v1/data/<path>}; all answer {@code {"outcome", "reasons"}}.
 */
public enum PolicyEntrypoint {
    /** {@code data.tollgate.decision}: the gate decision for a check. */
    DECISION("tollgate/decision"),
    /** {@code data.tollgate.override.decision}: whether a release manager may create an override. */
    OVERRIDE("tollgate/override/decision"),
    /** {@code data.tollgate.plan.decision}: what a release plan does on a failure (its {@code on_regression} member). */
    PLAN("tollgate/plan/decision");

    private final String path;

    PolicyEntrypoint(String path) {
        this.path = path;
    }

    /** The entry point as {@code opa build -e} and the data API spell it, e.g. {@code tollgate/decision}. */
    public String path() {
        return path;
    }

    /** The rule as Rego names it, e.g. {@code data.tollgate.decision}. */
    public String rule() {
        return "data." + path.replace('/', '.');
    }
}
