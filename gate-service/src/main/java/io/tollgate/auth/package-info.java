/** Access control: bearer tokens (stored as SHA-256 hashes), roles and their permissions. */
package io.tollgate.auth;
