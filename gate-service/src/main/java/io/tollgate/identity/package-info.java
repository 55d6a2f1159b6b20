/**
 * Identity hygiene for the names that decide who approved what (change author, approvals, token
 * subjects): Unicode NFKC normalization, refusal of control, bidi and invisible characters, and
 * confusable skeletons (UTS #39, ICU4J) so that look-alike names compare equal.
 */
package io.tollgate.identity;
