/** Messages as the API builds and shows them, their ids, and RocketMQ's own property names. */
package io.capsulemq.client.message;
