package io.capsulemq.broker.namesrv;

import org.apache.rocketmq.broker.out.BrokerOuterAPI;
import org.apache.rocketmq.client.exception.MQClientException;
import org.apache.rocketmq.common.TopicConfig;
import org.apache.rocketmq.remoting.netty.NettyClientConfig;
import org.apache.rocketmq.remoting.protocol.DataVersion;
import org.apache.rocketmq.remoting.protocol.body.TopicConfigSerializeWrapper;
import org.apache.rocketmq.tools.admin.DefaultMQAdminExt;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** The real Apache RocketMQ 5.5.0 admin tool and broker-side NameServer client, as test oracles. */
public final class ApacheTools {
    private static final AtomicInteger INSTANCES = new AtomicInteger();

    private ApacheTools() {
    }

    /** A started admin tool (what {@code mqadmin} runs on) pointed at {@code namesrvAddr}; shut it down after. */
    public static DefaultMQAdminExt admin(String namesrvAddr) {
        DefaultMQAdminExt admin = new DefaultMQAdminExt(5_000);
        admin.setNamesrvAddr(namesrvAddr);
        // One client instance each, or two admins in one JVM share (and shut down) the same one.
        admin.setInstanceName("capsule-test-admin-" + INSTANCES.incrementAndGet());
        admin.setAdminExtGroup("capsule_test_admin_" + INSTANCES.get());
        try {
            admin.start();
        } catch (MQClientException e) {
            throw new AssertionError("the Apache admin tool did not start", e);
        }
        return admin;
    }

    /**
     * A started broker-side NameServer client, as a real broker registers with; shut it down after. Returns once it
     * has found every NameServer reachable: it registers only with those, and finds them in the background.
     */
    public static BrokerOuterAPI brokerOuterApi(String namesrvAddrs) {
        BrokerOuterAPI api = new BrokerOuterAPI(new NettyClientConfig(), null);
        api.updateNameServerAddressList(namesrvAddrs);
        api.start();
        int expected = namesrvAddrs.split(";").length;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (api.getRemotingClient().getAvailableNameSrvList().size() < expected) {
            if (System.nanoTime() > deadline) {
                api.shutdown();
                throw new AssertionError("the Apache broker client found no NameServer at " + namesrvAddrs);
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
        return api;
    }

    /** A topic configuration table as a real broker sends it, at a fresh data version. */
    public static TopicConfigSerializeWrapper topics(TopicConfig... configs) {
        ConcurrentMap<String, TopicConfig> table = new ConcurrentHashMap<>();
        for (TopicConfig config : configs) {
            table.put(config.getTopicName(), config);
        }
        return wrap(table);
    }

    public static TopicConfigSerializeWrapper wrap(ConcurrentMap<String, TopicConfig> table) {
        TopicConfigSerializeWrapper wrapper = new TopicConfigSerializeWrapper();
        wrapper.setTopicConfigTable(table);
        DataVersion version = new DataVersion();
        version.nextVersion();
        wrapper.setDataVersion(version);
        return wrapper;
    }

    /** A read-write topic with {@code queues} read and write queues. */
    public static TopicConfig topic(String name, int queues) {
        return new TopicConfig(name, queues, queues, 6);
    }
}
