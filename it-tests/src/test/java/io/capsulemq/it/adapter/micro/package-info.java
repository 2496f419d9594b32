/**
 * Payara Micro as a process the tests start, kill and start again, as the README starts it (from the repository
 * root, with server-config's command files, over a kept instance folder).
 */
package io.capsulemq.it.adapter.micro;
