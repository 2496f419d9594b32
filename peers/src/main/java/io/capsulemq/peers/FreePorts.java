package io.capsulemq.peers;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.concurrent.ThreadLocalRandom;

/** Finds loopback ports no one listens on, for peers started side by side with other tests. */
public final class FreePorts {

    private FreePorts() {
    }

    /**
     * A port {@code p} such that {@code p + offset} is free on loopback for every given offset: an Apache RocketMQ
     * broker listening on {@code p} also opens {@code p - 2} (its "fast" port) and {@code p + 1} (HA).
     */
    public static int withNeighbours(int... offsets) {
        for (int attempt = 0; attempt < 200; attempt++) {
            int port = ThreadLocalRandom.current().nextInt(20_000, 40_000);
            if (allFree(port, offsets)) {
                return port;
            }
        }
        throw new IllegalStateException("found no free loopback port with neighbours in 200 attempts");
    }

    public static int any() {
        return withNeighbours(0);
    }

    private static boolean allFree(int port, int... offsets) {
        for (int offset : offsets) {
            try (ServerSocket socket = new ServerSocket(port + offset, 1, InetAddress.getLoopbackAddress())) {
                socket.setReuseAddress(true);
            } catch (IOException taken) {
                return false;
            }
        }
        return true;
    }
}
