/** The simple consumer, over the broker's pop service: receive, acknowledge, change the invisible time. */
package io.capsulemq.client.consumer.simple;
