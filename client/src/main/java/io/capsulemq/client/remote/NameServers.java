package io.capsulemq.client.remote;

import io.capsulemq.broker.remoting.protocol.RemotingCommand;
import io.capsulemq.client.gateway.GatewayException;

import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The NameServers of an endpoint. Each holds every route, so a question goes to one of them: the one that last
 * answered, or the next when it cannot be reached.
 */
final class NameServers {
    private final List<String> addresses;
    private final Rpc rpc;
    private final AtomicInteger preferred = new AtomicInteger();

    NameServers(List<String> addresses, Rpc rpc) {
        this.addresses = List.copyOf(addresses);
        this.rpc = rpc;
    }

    List<String> addresses() {
        return addresses;
    }

    /** Asks until one NameServer answers with an accepted code; a refusal is not asked of the others. */
    RemotingCommand ask(RemotingCommand request, Set<Integer> accepted) {
        GatewayException last = null;
        int first = preferred.get();
        for (int i = 0; i < addresses.size(); i++) {
            int index = (first + i) % addresses.size();
            try {
                RemotingCommand answer = rpc.await(addresses.get(index), request, Rpc.TIMEOUT, accepted);
                preferred.set(index);
                return answer;
            } catch (GatewayException e) {
                if (e.kind() != GatewayException.Kind.UNAVAILABLE) {
                    throw e;
                }
                last = e;
            }
        }
        throw new GatewayException(GatewayException.Kind.UNAVAILABLE, "no NameServer of " + addresses
                + " answers; the last said: " + last.getMessage(), last);
    }
}
