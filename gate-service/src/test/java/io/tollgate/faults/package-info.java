/**
 * Fault injection with real processes (issue 15): a dependency killed or frozen under a bounded load of gate checks
 * ({@link io.tollgate.support.CheckLoad}) — the OPA server SIGKILLed and SIGSTOPped, Prometheus SIGKILLed, Tollgate
 * itself SIGKILLed — and after each: every acknowledged decision is in the log ({@link io.tollgate.faults.LogAudit}),
 * nothing answered {@code allow} that the dependency could not back, the chain verifies intact, and the service
 * answers normally again within a stated time, measured and printed. Live tests: tagged {@code live}. The embedded
 * PostgreSQL faults live with the database tests.
 */
package io.tollgate.faults;
