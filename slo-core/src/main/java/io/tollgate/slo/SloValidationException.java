package io.tollgate.slo;

import java.util.List;

/**
 * The SLO definitions are invalid. Carries every problem found, each one line of the form
 * {@code <file>[<document>]: <field path>: <problem>}, e.g.
 * {@code slo-definitions/checkout.yaml[3]: spec.objectives[0].target: must be in (0,1), got 1.5}.
 * The {@code [<document>]} part (0-based) appears only for files with several YAML documents; YAML syntax
 * errors read {@code <file>: line <l>, column <c>: malformed YAML: <problem>}.
 */
public final class SloValidationException extends RuntimeException {

    private final List<String> problems;

    /** @param problems at least one problem, each formatted as described above */
    public SloValidationException(List<String> problems) {
        super(message(problems));
        this.problems = List.copyOf(problems);
    }

    /** Every problem: those of single documents in file and document order, then those between documents. */
    public List<String> problems() {
        return problems;
    }

    private static String message(List<String> problems) {
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("a validation exception needs at least one problem");
        }
        return problems.size() + " problem(s) in SLO definitions:\n  " + String.join("\n  ", problems);
    }
}
