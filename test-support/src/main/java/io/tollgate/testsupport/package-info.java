/** Fixtures that start real components (PostgreSQL, OPA) as local processes for tests, and the helpers they need (opa build). */
package io.tollgate.testsupport;
