/** Fixtures that start real components (PostgreSQL, OPA) as local processes, once per test JVM. */
package io.tollgate.testsupport;
