/**
 * Producers injected with {@code @Resource}: the managed connection factory, its pooled connections and their
 * handles, and the transaction branches whose sends are half messages ended by the transaction manager (XA) or
 * by the container's local transaction.
 */
package io.capsulemq.rar.outbound;
