/** What the push and simple consumers share: their subscriptions. */
package io.capsulemq.client.consumer;
