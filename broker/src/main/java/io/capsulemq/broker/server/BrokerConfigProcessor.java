package io.capsulemq.broker.server;

import io.capsulemq.broker.engine.BrokerConfig;
import io.capsulemq.broker.remoting.RemotingConnection;
import io.capsulemq.broker.remoting.RequestProcessor;
import io.capsulemq.broker.remoting.protocol.RemotingCommand;
import io.capsulemq.broker.server.body.DataVersion;
import io.capsulemq.broker.server.body.Json;
import io.capsulemq.broker.store.FlushMode;
import io.capsulemq.broker.store.StoreConfig;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * GET_BROKER_CONFIG ({@code mqadmin getBrokerConfig}): the broker's settings under Apache RocketMQ's broker.conf key
 * names, as {@code key=value} lines, for every setting both brokers have. The configuration does not change while
 * the broker runs, so its data version is the boot time.
 */
final class BrokerConfigProcessor implements RequestProcessor {
    private final byte[] body;
    private final String version;

    BrokerConfigProcessor(BrokerConfig config, long bootMillis) {
        StringBuilder text = new StringBuilder();
        settings(config).forEach((key, value) -> text.append(key).append('=').append(value).append('\n'));
        this.body = text.toString().getBytes(StandardCharsets.UTF_8);
        this.version = new String(Json.write(new DataVersion(bootMillis, 0, 0)), StandardCharsets.UTF_8);
    }

    @Override
    public CompletableFuture<RemotingCommand> process(RemotingConnection connection, RemotingCommand request) {
        return Responses.done(Responses.success().extField("version", version).body(body));
    }

    static Map<String, String> settings(BrokerConfig config) {
        StoreConfig store = config.store();
        Map<String, String> s = new LinkedHashMap<>();
        s.put("brokerClusterName", config.clusterName());
        s.put("brokerName", config.brokerName());
        s.put("brokerId", "0");
        s.put("brokerRole", "ASYNC_MASTER");
        s.put("brokerIP1", host(store.storeHostAddress()));
        s.put("listenPort", Integer.toString(store.storeHostPort()));
        s.put("storePathRootDir", store.rootDir().toString());
        s.put("storePathCommitLog", store.commitLogDir().toString());
        s.put("flushDiskType", store.flushMode() == FlushMode.SYNC ? "SYNC_FLUSH" : "ASYNC_FLUSH");
        s.put("flushIntervalCommitLog", Long.toString(store.asyncFlushInterval().toMillis()));
        s.put("syncFlushTimeout", Long.toString(store.syncFlushTimeout().toMillis()));
        s.put("mappedFileSizeCommitLog", Integer.toString(store.commitLogSegmentSize()));
        s.put("maxMessageSize", Integer.toString(store.maxMessageSize()));
        s.put("fileReservedTime", Long.toString(store.fileReservedTime().toHours()));
        s.put("diskMaxUsedSpaceRatio", Long.toString(Math.round(store.diskMaxUsedRatio() * 100)));
        s.put("autoCreateTopicEnable", Boolean.toString(config.autoCreateTopicEnable()));
        s.put("autoCreateSubscriptionGroup", Boolean.toString(config.autoCreateSubscriptionGroup()));
        s.put("defaultTopicQueueNums", Integer.toString(config.defaultTopicQueueNums()));
        s.put("transactionTimeOut", Long.toString(config.transactionTimeout().toMillis()));
        s.put("transactionCheckInterval", Long.toString(config.transactionCheckInterval().toMillis()));
        s.put("transactionCheckMax", Integer.toString(config.transactionCheckMax()));
        return s;
    }

    private static String host(byte[] address) {
        try {
            return InetAddress.getByAddress(address).getHostAddress();
        } catch (UnknownHostException e) {
            throw new IllegalStateException("the store host address has " + address.length + " bytes", e);
        }
    }
}
