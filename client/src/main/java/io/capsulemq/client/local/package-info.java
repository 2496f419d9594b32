/** The broker gateway in process: calls go straight to an engine ({@code Broker}) in the same JVM. */
package io.capsulemq.client.local;
