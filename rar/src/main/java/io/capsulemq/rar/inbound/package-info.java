/**
 * Message-driven beans: an activation spec per MDB, a native push consumer per activation, each message
 * delivered to the bean through the server's WorkManager, inside the bean's transaction when it has one.
 */
package io.capsulemq.rar.inbound;
