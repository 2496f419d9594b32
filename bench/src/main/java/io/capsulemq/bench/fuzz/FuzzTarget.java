package io.capsulemq.bench.fuzz;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;

/**
 * The standalone Capsule broker under fuzzing: its embedded NameServer and its broker, started as an operator runs
 * them ({@link BrokerProcess}), or in this JVM for quick runs ({@link InProcessBroker}).
 */
interface FuzzTarget extends AutoCloseable {

    /**
     * broker.conf settings of the run: the broker's name is one the fuzzer's pools never use, so fuzzed admin requests
     * cannot legitimately take the well-formed client's broker away; SQL92 filters on, to reach their parser.
     */
    Map<String, String> SETTINGS = Map.of(
            "brokerName", "fuzzed-broker",
            "brokerClusterName", "DefaultCluster",
            "enablePropertyFilter", "true",
            "autoCreateTopicEnable", "true");

    InetSocketAddress nameServer();

    InetSocketAddress broker();

    default String nameServerAddress() {
        return "127.0.0.1:" + nameServer().getPort();
    }

    /** Whether the broker's JVM still runs. */
    boolean alive();

    /** Heap in use after a full collection, in bytes, or -1 if it cannot be told. */
    long heapUsedAfterGc();

    /** The heap limit, in bytes, or -1 if it cannot be told. */
    long heapMax();

    /** Resident memory of the broker's JVM, in bytes, or -1 if it cannot be told. */
    long residentBytes();

    /** The lines the broker logged at ERROR (JUL SEVERE) level, or that name a fatal JVM error. */
    List<String> errorLines();
}
