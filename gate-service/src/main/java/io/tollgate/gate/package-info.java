/** The gate domain: check requests, verdicts and reasons, and the service that turns one into the other. */
package io.tollgate.gate;
