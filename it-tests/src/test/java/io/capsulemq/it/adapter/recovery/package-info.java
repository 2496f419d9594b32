/**
 * Crash recovery with a real process kill: the application killed between the two phases of an XA transaction,
 * and the transaction manager's recovery at the next start.
 */
package io.capsulemq.it.adapter.recovery;
