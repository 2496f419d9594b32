package io.capsulemq.bench.load;

import org.apache.rocketmq.common.TopicConfig;
import org.apache.rocketmq.remoting.protocol.route.BrokerData;
import org.apache.rocketmq.tools.admin.DefaultMQAdminExt;

import java.util.Collection;
import java.util.UUID;

/** The few admin calls a load run makes before it starts: the topic, and the brokers' flush mode to report. */
final class BrokerAdmin implements AutoCloseable {

    private final DefaultMQAdminExt admin;

    BrokerAdmin(String nameServer) throws Exception {
        admin = new DefaultMQAdminExt();
        admin.setNamesrvAddr(nameServer);
        admin.setInstanceName("load-admin-" + UUID.randomUUID());
        admin.start();
    }

    private Collection<BrokerData> brokers() throws Exception {
        long deadline = System.nanoTime() + 60_000_000_000L; // a broker registers a moment after it starts
        while (true) {
            Collection<BrokerData> brokers = admin.examineBrokerClusterInfo().getBrokerAddrTable().values();
            if (!brokers.isEmpty()) {
                return brokers;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the NameServer knew no broker within 60 s");
            }
            Thread.sleep(200);
        }
    }

    void ensureTopic(String topic, int queues) throws Exception {
        for (BrokerData broker : brokers()) {
            admin.createAndUpdateTopicConfig(broker.selectBrokerAddr(), new TopicConfig(topic, queues, queues));
        }
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (true) {
            try {
                if (!admin.examineTopicRouteInfo(topic).getQueueDatas().isEmpty()) {
                    return;
                }
            } catch (Exception notRoutedYet) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("topic " + topic + " was not routed within 60 s", notRoutedYet);
                }
            }
            Thread.sleep(100);
        }
    }

    /** The flushDiskType the first broker reports, or "unknown" if it does not say. */
    String flushDiskType() {
        try {
            String address = brokers().iterator().next().selectBrokerAddr();
            return admin.getBrokerConfig(address).getProperty("flushDiskType", "unknown");
        } catch (Exception e) {
            return "unknown (" + e.getClass().getSimpleName() + ")";
        }
    }

    @Override
    public void close() {
        admin.shutdown();
    }
}
