/**
 * The push consumer, RocketMQ 4-style on the engine: clustering with client-side rebalancing (or, for a
 * broadcasting group, every queue to every member with its own progress), a long-poll pull loop per queue, flow
 * control, concurrent or ordered (FIFO) consumption, broker-side retries and dead letters.
 */
package io.capsulemq.client.consumer.push;
