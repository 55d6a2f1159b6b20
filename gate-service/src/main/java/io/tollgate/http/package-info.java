/** The HTTP API (Helidon SE): one {@link io.tollgate.http.SecureService} per resource whose
 * routes each declare their permission and query parameters ({@link io.tollgate.http.SecureRules}, recorded
 * in the {@link io.tollgate.http.RouteTable}), input parsing, and the single error mapping (routing errors in
 * {@link io.tollgate.http.ErrorMapping}, transport errors in {@code JsonDirectHandler}). */
package io.tollgate.http;
