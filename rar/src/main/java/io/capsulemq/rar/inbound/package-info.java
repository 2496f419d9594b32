/**
 * Message-driven beans: an activation spec per MDB, a native push consumer per activation subscribed to the bean's
 * topics (the spec's, or those of its {@code @OnMessage} methods), each message delivered to the bean's method for
 * it through the server's WorkManager, inside the method's transaction when it has one.
 */
package io.capsulemq.rar.inbound;
