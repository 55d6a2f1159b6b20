/** The HTTP API (Helidon SE): one {@link io.tollgate.http.SecureService} per resource whose
 * routes each declare their permission ({@link io.tollgate.http.SecureRules}, recorded in the
 * {@link io.tollgate.http.RouteTable}), input parsing, and the single error mapping. */
package io.tollgate.http;
