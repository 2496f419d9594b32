/**
 * Endpoint strings and the brokers they name: brokers registered by name, and brokers embedded by {@code local}
 * endpoints. See {@link io.capsulemq.client.endpoint.CapsuleEndpoints}.
 */
package io.capsulemq.client.endpoint;
