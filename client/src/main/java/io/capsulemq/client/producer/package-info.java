/** The producer: sends, retries, transactions and their check-backs. */
package io.capsulemq.client.producer;
