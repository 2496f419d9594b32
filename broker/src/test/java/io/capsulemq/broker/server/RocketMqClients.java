package io.capsulemq.broker.server;

import io.netty.channel.ChannelHandlerContext;
import org.apache.rocketmq.client.ClientConfig;
import org.apache.rocketmq.client.impl.CommunicationMode;
import org.apache.rocketmq.client.impl.MQClientAPIImpl;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageClientIDSetter;
import org.apache.rocketmq.common.message.MessageDecoder;
import org.apache.rocketmq.common.message.MessageExt;
import org.apache.rocketmq.common.sysflag.PullSysFlag;
import org.apache.rocketmq.remoting.netty.NettyClientConfig;
import org.apache.rocketmq.remoting.netty.NettyRequestProcessor;
import org.apache.rocketmq.remoting.protocol.RemotingCommand;
import org.apache.rocketmq.remoting.protocol.RequestCode;
import org.apache.rocketmq.remoting.protocol.header.PullMessageRequestHeader;
import org.apache.rocketmq.remoting.protocol.header.SendMessageRequestHeader;
import org.apache.rocketmq.remoting.protocol.heartbeat.ConsumeType;
import org.apache.rocketmq.remoting.protocol.heartbeat.ConsumerData;
import org.apache.rocketmq.remoting.protocol.heartbeat.HeartbeatData;
import org.apache.rocketmq.remoting.protocol.heartbeat.MessageModel;
import org.apache.rocketmq.remoting.protocol.heartbeat.ProducerData;
import org.apache.rocketmq.remoting.protocol.heartbeat.SubscriptionData;
import org.apache.rocketmq.common.consumer.ConsumeFromWhere;
import org.apache.rocketmq.client.consumer.PullResult;
import org.apache.rocketmq.client.impl.consumer.PullResultExt;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The real Apache RocketMQ client (rocketmq-client 5.5.0) as the oracle of the broker's answers: its
 * {@code MQClientAPIImpl} makes the requests and decodes the responses exactly as producers, consumers and
 * {@code mqadmin} do, directed at the broker's address (no NameServer involved).
 */
final class RocketMqClients implements AutoCloseable {
    static final long TIMEOUT_MILLIS = 10_000;
    private static final AtomicInteger INSTANCES = new AtomicInteger();
    /** What a broker may ask a client. */
    private static final int[] BROKER_CALLS = {RequestCode.NOTIFY_CONSUMER_IDS_CHANGED,
            RequestCode.CHECK_TRANSACTION_STATE, RequestCode.RESET_CONSUMER_CLIENT_OFFSET,
            RequestCode.GET_CONSUMER_RUNNING_INFO};

    final MQClientAPIImpl api;
    final String clientId;
    /** Requests the broker sent this client: notices, check-backs, resets, running-info questions. */
    final BlockingQueue<RemotingCommand> fromBroker = new LinkedBlockingQueue<>();
    private final ExecutorService processors = Executors.newSingleThreadExecutor();

    private RocketMqClients() {
        String instance = "capsule-test-" + INSTANCES.incrementAndGet();
        this.clientId = "127.0.0.1@" + instance;
        ClientConfig config = new ClientConfig();
        config.setInstanceName(instance);
        api = new MQClientAPIImpl(new NettyClientConfig(), null, null, config);
        recording(BROKER_CALLS);
        api.start();
    }

    /** A started client with its own connections. */
    static RocketMqClients start() {
        return new RocketMqClients();
    }

    /** Records the broker's requests of these codes in {@link #fromBroker}, answering SUCCESS when one is awaited. */
    private void recording(int... codes) {
        for (int code : codes) {
            api.getRemotingClient().registerProcessor(code, new NettyRequestProcessor() {
                @Override
                public RemotingCommand processRequest(ChannelHandlerContext ctx, RemotingCommand request) {
                    fromBroker.add(request);
                    return request.isOnewayRPC() ? null : RemotingCommand.createResponseCommand(0, null);
                }

                @Override
                public boolean rejectRequest() {
                    return false;
                }
            }, processors);
        }
    }

    /** Closes the client's connection to {@code address}; the client itself stays usable. */
    void disconnect(String address) {
        api.getRemotingClient().closeChannels(List.of(address));
    }

    /**
     * Shuts the client down in the background: the real client's shutdown waits seconds for its timer thread, which
     * no test needs to watch.
     */
    @Override
    public void close() {
        Thread closer = new Thread(() -> {
            api.shutdown();
            processors.shutdownNow();
        }, "close-" + clientId);
        closer.setDaemon(true);
        closer.start();
    }

    static Message message(String topic, String tags, String keys, String body) {
        Message message = new Message(topic, tags, keys, body.getBytes(StandardCharsets.UTF_8));
        MessageClientIDSetter.setUniqID(message);
        return message;
    }

    static String body(MessageExt message) {
        return new String(message.getBody(), StandardCharsets.UTF_8);
    }

    /** The header a producer writes for {@code message}, to queue {@code queueId}. */
    static SendMessageRequestHeader sendHeader(String producerGroup, Message message, int queueId, int sysFlag) {
        SendMessageRequestHeader header = new SendMessageRequestHeader();
        header.setProducerGroup(producerGroup);
        header.setTopic(message.getTopic());
        header.setDefaultTopic("TBW102");
        header.setDefaultTopicQueueNums(4);
        header.setQueueId(queueId);
        header.setSysFlag(sysFlag);
        header.setBornTimestamp(System.currentTimeMillis());
        header.setFlag(message.getFlag());
        header.setProperties(MessageDecoder.messageProperties2String(message.getProperties()));
        header.setReconsumeTimes(0);
        header.setUnitMode(false);
        header.setBatch(false);
        return header;
    }

    SendResult send(String address, Message message, int queueId) throws Exception {
        return api.sendMessage(address, "broker-a", message, sendHeader("test-producer", message, queueId, 0),
                TIMEOUT_MILLIS, CommunicationMode.SYNC, null, null);
    }

    /** Sends {@code count} messages with bodies {@code prefix0, prefix1...} to one queue. */
    List<SendResult> sendAll(String address, String topic, int queueId, String prefix, int count) throws Exception {
        List<SendResult> results = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            results.add(send(address, message(topic, "TagA", "key-" + prefix + i, prefix + i), queueId));
        }
        return results;
    }

    /** A pull as a push consumer makes it: carrying its subscription, suspending up to {@code suspendMillis}. */
    static PullMessageRequestHeader pullHeader(String group, String topic, int queueId, long offset,
                                               String subscription, long suspendMillis) {
        PullMessageRequestHeader header = new PullMessageRequestHeader();
        header.setConsumerGroup(group);
        header.setTopic(topic);
        header.setQueueId(queueId);
        header.setQueueOffset(offset);
        header.setMaxMsgNums(32);
        header.setSysFlag(PullSysFlag.buildSysFlag(false, suspendMillis > 0, subscription != null, false));
        header.setCommitOffset(0L);
        header.setSuspendTimeoutMillis(suspendMillis);
        header.setSubscription(subscription);
        header.setSubVersion(System.currentTimeMillis());
        header.setExpressionType("TAG");
        return header;
    }

    PullResult pull(String address, String group, String topic, int queueId, long offset) throws Exception {
        return api.pullMessage(address, pullHeader(group, topic, queueId, offset, "*", 0), TIMEOUT_MILLIS,
                CommunicationMode.SYNC, null);
    }

    /** The messages of a FOUND pull, decoded as the client's pull wrapper decodes them. */
    static List<MessageExt> messages(PullResult result) {
        byte[] binary = ((PullResultExt) result).getMessageBinary();
        return binary == null ? List.of() : MessageDecoder.decodesBatch(ByteBuffer.wrap(binary), true, true, true);
    }

    /** A heartbeat announcing a producer group. */
    HeartbeatData producerHeartbeat(String group) {
        HeartbeatData heartbeat = new HeartbeatData();
        heartbeat.setClientID(clientId);
        ProducerData producer = new ProducerData();
        producer.setGroupName(group);
        heartbeat.getProducerDataSet().add(producer);
        return heartbeat;
    }

    /** A heartbeat announcing a clustering push consumer of {@code group} subscribed to {@code topic}. */
    HeartbeatData consumerHeartbeat(String group, String topic, String expression) {
        HeartbeatData heartbeat = new HeartbeatData();
        heartbeat.setClientID(clientId);
        ConsumerData consumer = new ConsumerData();
        consumer.setGroupName(group);
        consumer.setConsumeType(ConsumeType.CONSUME_PASSIVELY);
        consumer.setMessageModel(MessageModel.CLUSTERING);
        consumer.setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
        SubscriptionData subscription = new SubscriptionData(topic, expression);
        if (!"*".equals(expression)) {
            for (String tag : expression.split("\\|\\|")) {
                subscription.getTagsSet().add(tag.trim());
                subscription.getCodeSet().add(tag.trim().hashCode());
            }
        }
        consumer.setSubscriptionDataSet(Set.of(subscription));
        heartbeat.getConsumerDataSet().add(consumer);
        return heartbeat;
    }

    /** A producer implementation for calls that report to one (asynchronous sends); never started. */
    @SuppressWarnings("deprecation") // the client's own API hands its implementation out only through this
    static org.apache.rocketmq.client.impl.producer.DefaultMQProducerImpl idleProducer() {
        return new DefaultMQProducer("test-producer").getDefaultMQProducerImpl();
    }
}
