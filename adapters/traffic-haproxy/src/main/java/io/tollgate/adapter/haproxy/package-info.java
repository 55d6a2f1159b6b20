/**
 * The HAProxy traffic adapter ({@code type: haproxy}), plugged in by {@link io.tollgate.adapter.haproxy.HaproxyProvider}
 * (ServiceLoader): {@link io.tollgate.adapter.haproxy.HaproxyTrafficRouter} shifts a route's (backend's) traffic between
 * its stable and canary servers by setting absolute server weights through the HAProxy Runtime API (TCP, one command
 * per connection), and reads them back with {@code show servers state}; {@link io.tollgate.adapter.haproxy.HaproxyConfig}
 * is its self-validating configuration; {@link io.tollgate.adapter.haproxy.HaproxyQueries} names the exporter's counters
 * the canary is judged by. Every remote failure is an {@link io.tollgate.adapter.AdapterResult} or
 * {@link io.tollgate.adapter.Observation} value; no socket type leaves this package.
 */
package io.tollgate.adapter.haproxy;
