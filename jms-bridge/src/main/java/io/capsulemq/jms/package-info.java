/** Jakarta Messaging 3.1 on top of the native API. Filled by a later issue. */
package io.capsulemq.jms;
