/** The tamper-evident audit log: decisions appended to a SHA-256 hash chain in PostgreSQL (jOOQ), and its verification. */
package io.tollgate.audit;
