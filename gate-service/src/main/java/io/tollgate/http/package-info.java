/** The HTTP API (Helidon SE): one HttpService per resource, input parsing, and the single error mapping. */
package io.tollgate.http;
