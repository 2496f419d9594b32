/**
 * The JCA 2.1 resource adapter: {@link io.capsulemq.rar.CapsuleResourceAdapter} boots the embedded broker and
 * registers it for the native API; {@code outbound} hands out producers with XA half messages; {@code inbound}
 * delivers to message-driven beans through activation specs; {@code api} is what applications compile against.
 */
package io.capsulemq.rar;
