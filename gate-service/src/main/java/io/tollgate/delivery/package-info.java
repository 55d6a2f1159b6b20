/**
 * Delivery metrics (DORA's five) from what Tollgate records about the releases it drives: the release rows and their
 * transition history, read with one SQL query per request ({@link io.tollgate.delivery.DeliveryStore}) into one
 * {@link io.tollgate.delivery.DeliveryRecord} per release, then computed by a pure class
 * ({@link io.tollgate.delivery.DeliveryCalculator}). Served by {@code GET /v1/delivery-metrics} and as Prometheus gauges
 * ({@link io.tollgate.delivery.DeliveryGauges}). See docs/delivery-metrics.md.
 */
package io.tollgate.delivery;
