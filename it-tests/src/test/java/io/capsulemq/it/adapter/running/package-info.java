/**
 * Payara Micro started with the README's command: the quick start's application, and an application redeployed
 * while its message-driven bean is in the middle of deliveries.
 */
package io.capsulemq.it.adapter.running;
