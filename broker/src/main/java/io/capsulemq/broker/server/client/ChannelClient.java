package io.capsulemq.broker.server.client;

import io.capsulemq.broker.engine.client.ClientConnection;
import io.capsulemq.broker.remoting.RemotingConnection;
import io.capsulemq.broker.remoting.protocol.LanguageCode;
import io.capsulemq.broker.remoting.protocol.RemotingCommand;
import io.capsulemq.broker.remoting.protocol.RequestCode;
import io.capsulemq.broker.server.body.ConsumerData;
import io.capsulemq.broker.server.body.Json;
import io.capsulemq.broker.server.body.MessageQueueData;
import io.capsulemq.broker.server.codec.MessageEncoder;
import io.capsulemq.broker.store.StoredMessage;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One RocketMQ client as the broker sees it: a client id on a connection. The engine calls back through it (group
 * changes, transaction check-backs, offset resets) as RocketMQ's broker does, with one-way requests the client
 * answers through ordinary requests. It remembers what the client said in its heartbeats (groups, language, version)
 * for the connection lists operators ask for, and so that its registrations can be dropped when the connection
 * closes.
 */
public final class ChannelClient implements ClientConnection {
    private static final System.Logger LOG = System.getLogger(ChannelClient.class.getName());

    private final RemotingConnection connection;
    private final String clientId;
    private final String brokerName;
    private volatile LanguageCode language;
    private volatile int version;
    private final Set<String> producerGroups = ConcurrentHashMap.newKeySet();
    private final Map<String, ConsumerData> consumerGroups = new ConcurrentHashMap<>();

    ChannelClient(RemotingConnection connection, String clientId, String brokerName, LanguageCode language,
                  int version) {
        this.connection = connection;
        this.clientId = clientId;
        this.brokerName = brokerName;
        this.language = language;
        this.version = version;
    }

    @Override
    public String clientId() {
        return clientId;
    }

    @Override
    public boolean isActive() {
        return connection.isActive();
    }

    public RemotingConnection connection() {
        return connection;
    }

    /** The client's address as {@code host:port}, as connection lists show it. */
    public String address() {
        java.net.SocketAddress address = connection.remoteAddress();
        if (address instanceof java.net.InetSocketAddress inet && inet.getAddress() != null) {
            return inet.getAddress().getHostAddress() + ":" + inet.getPort();
        }
        return String.valueOf(address);
    }

    public LanguageCode language() {
        return language;
    }

    public int version() {
        return version;
    }

    /** What the last heartbeat said about the client itself. */
    void heard(LanguageCode language, int version) {
        this.language = language;
        this.version = version;
    }

    public void joinedProducerGroup(String group) {
        producerGroups.add(group);
    }

    public void leftProducerGroup(String group) {
        producerGroups.remove(group);
    }

    /** Records the client's latest statement about one of its consumer groups. */
    public void joinedConsumerGroup(ConsumerData data) {
        consumerGroups.put(data.groupName(), data);
    }

    public void leftConsumerGroup(String group) {
        consumerGroups.remove(group);
    }

    public Set<String> producerGroups() {
        return Set.copyOf(producerGroups);
    }

    public Map<String, ConsumerData> consumerGroups() {
        return Map.copyOf(consumerGroups);
    }

    /** What the client's heartbeat last said about {@code group}, or null. */
    public ConsumerData consumerData(String group) {
        return consumerGroups.get(group);
    }

    @Override
    public void notifyConsumerIdsChanged(String consumerGroup) {
        oneway(RemotingCommand.request(RequestCode.NOTIFY_CONSUMER_IDS_CHANGED)
                .extField("consumerGroup", consumerGroup).build(), "the change of group " + consumerGroup);
    }

    /**
     * Asks the producer about a half message: CHECK_TRANSACTION_STATE, one-way, the half as it was sent in the body
     * (RocketMQ's stored-message layout) and its offsets in the header. The producer answers with END_TRANSACTION.
     */
    @Override
    public void checkTransactionState(String producerGroup, StoredMessage halfMessage, String transactionId) {
        RemotingCommand.Builder request = RemotingCommand.request(RequestCode.CHECK_TRANSACTION_STATE)
                .extField("topic", halfMessage.topic())
                .extField("tranStateTableOffset", Long.toString(halfMessage.queueOffset()))
                .extField("commitLogOffset", Long.toString(halfMessage.commitLogOffset()))
                .extField("offsetMsgId", halfMessage.offsetMessageId())
                .extField("transactionId", transactionId)
                .extField("bname", brokerName)
                .body(MessageEncoder.encode(halfMessage));
        if (halfMessage.uniqueId() != null) {
            request.extField("msgId", halfMessage.uniqueId());
        }
        oneway(request.build(), "the transaction check of half " + halfMessage.commitLogOffset());
    }

    /** Tells a consumer its group's offsets on a topic were reset: RESET_CONSUMER_CLIENT_OFFSET, one-way. */
    @Override
    public void resetOffsets(String consumerGroup, String topic, Map<Integer, Long> offsets) {
        Map<MessageQueueData, Long> table = new LinkedHashMap<>();
        offsets.forEach((queueId, offset) -> table.put(new MessageQueueData(topic, brokerName, queueId), offset));
        oneway(RemotingCommand.request(RequestCode.RESET_CONSUMER_CLIENT_OFFSET)
                .extField("topic", topic)
                .extField("group", consumerGroup)
                .extField("timestamp", Long.toString(System.currentTimeMillis()))
                .extField("isForce", "true")
                .body(Json.queueKeyed(Map.of(), "offsetTable", table))
                .build(), "the offset reset of group " + consumerGroup + " on " + topic);
    }

    /** Sends a request to the client and completes with its response (relayed admin calls). */
    public CompletableFuture<RemotingCommand> invoke(RemotingCommand request, Duration timeout) {
        return connection.invoke(request, timeout);
    }

    private void oneway(RemotingCommand request, String what) {
        connection.invokeOneway(request).whenComplete((v, failure) -> {
            if (failure != null) {
                LOG.log(System.Logger.Level.DEBUG, "could not send {0} to client {1}: {2}", what, clientId,
                        failure.toString());
            }
        });
    }

    @Override
    public String toString() {
        return "client " + clientId + " at " + address();
    }
}
