package io.tollgate.auth;

/** The authenticated caller: {@code subject} is what the audit log records as the actor. */
public record Principal(String subject, Role role) {
}
