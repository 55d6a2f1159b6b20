/**
 * Access control: bearer tokens (stored as SHA-256 hashes), roles and their permissions, and the
 * {@link io.tollgate.auth.Caller} resolved once per request that routes ask for the permission they need.
 */
package io.tollgate.auth;
