/**
 * The {@code gateway-api} traffic adapter: {@link io.tollgate.adapter.gatewayapi.HttpRouteTrafficRouter} sets the
 * stable/canary {@code backendRefs} weights of one rule of a Gateway API HTTPRoute
 * ({@code gateway.networking.k8s.io/v1}) with a JSON patch guarded by a {@code test} operation, and reads them back
 * together with the route's acceptance by its parents ({@link io.tollgate.adapter.gatewayapi.RouteAcceptance}): Pending
 * until the controller has caught up, which a release waits for up to {@code acceptanceTimeout}.
 * Registered through {@link io.tollgate.adapter.gatewayapi.GatewayApiProvider}.
 */
package io.tollgate.adapter.gatewayapi;
