/** Small helpers shared by the clients: argument checks, names, threads, ids and failure translation. */
package io.capsulemq.client.support;
