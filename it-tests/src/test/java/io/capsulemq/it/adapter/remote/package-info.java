/**
 * The adapter in its remote mode, in Payara Micro started as its own process, against a standalone Capsule broker
 * and against a real Apache RocketMQ 5.5.0: producers, MDBs (retry, dead-letter queue) and XA with H2.
 */
package io.capsulemq.it.adapter.remote;
