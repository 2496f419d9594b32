/**
 * Producers injected with {@code @Resource}: the managed connection factory, its pooled connections and their
 * handles, and the transaction branches whose sends are half messages ended by the transaction manager (XA) or
 * by the container's local transaction. The half messages live behind {@code HalfStore}: in the embedded broker,
 * found again by the branch mark each carries, or in a remote broker, with the branches' durable record in a
 * {@code BranchLog} from which {@code recover} and the broker's check-backs are answered.
 */
package io.capsulemq.rar.outbound;
