/**
 * Identity hygiene for the names that decide who approved what (change author, approvals, token
 * subjects): Unicode NFKC normalization, refusal of control, bidi and invisible characters, and
 * two case-insensitive confusable skeletons (UTS #39, ICU4J) so that look-alike names are one person; and
 * {@link io.tollgate.identity.HumanText}, the same character classes applied to every other required text
 * (reasons, tickets, versions): something visible must remain.
 */
package io.tollgate.identity;
