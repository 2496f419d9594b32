package io.capsulemq.bench.fuzz;

import io.capsulemq.broker.standalone.BrokerConfFile;
import io.capsulemq.broker.standalone.StandaloneBroker;
import io.capsulemq.peers.FreePorts;
import io.capsulemq.peers.ProcessMemory;

import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;

/**
 * The broker under fuzzing in this JVM, for the quick run of the build: its heap figures are this JVM's, fuzzer and
 * client included, and its SEVERE log records are collected as they are logged.
 */
final class InProcessBroker implements FuzzTarget {
    private static final Logger BROKER_LOGS = Logger.getLogger("io.capsulemq.broker");

    private final StandaloneBroker broker;
    private final int nameServerPort;
    private final int brokerPort;
    private final SevereRecords severe = new SevereRecords();

    private InProcessBroker(StandaloneBroker broker, int nameServerPort, int brokerPort) {
        this.broker = broker;
        this.nameServerPort = nameServerPort;
        this.brokerPort = brokerPort;
        BROKER_LOGS.addHandler(severe);
    }

    /** Starts the standalone broker with its data under {@code home}, on free loopback ports. */
    static InProcessBroker start(Path home) {
        int nameServerPort = FreePorts.any();
        int brokerPort = FreePorts.any();
        Map<String, String> conf = new LinkedHashMap<>(SETTINGS);
        conf.put("namesrvListenPort", Integer.toString(nameServerPort));
        conf.put("namesrvAddr", "127.0.0.1:" + nameServerPort);
        conf.put("listenPort", Integer.toString(brokerPort));
        conf.put("brokerIP1", "127.0.0.1");
        conf.put("storePathRootDir", home.resolve("store").toString());
        return new InProcessBroker(StandaloneBroker.start(BrokerConfFile.parse(conf)), nameServerPort, brokerPort);
    }

    @Override
    public InetSocketAddress nameServer() {
        return new InetSocketAddress("127.0.0.1", nameServerPort);
    }

    @Override
    public InetSocketAddress broker() {
        return new InetSocketAddress("127.0.0.1", brokerPort);
    }

    @Override
    public boolean alive() {
        return true;
    }

    @Override
    public long heapUsedAfterGc() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    @Override
    public long heapMax() {
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getMax();
    }

    @Override
    public long residentBytes() {
        return ProcessMemory.residentBytes(ProcessHandle.current().pid());
    }

    @Override
    public List<String> errorLines() {
        return severe.lines();
    }

    @Override
    public void close() {
        BROKER_LOGS.removeHandler(severe);
        broker.close();
    }

    @Override
    public String toString() {
        return "standalone broker in this JVM (" + broker.describe() + ")";
    }
}
