package io.capsulemq.client.remote;

import io.capsulemq.broker.remoting.RemotingConnection;
import io.capsulemq.broker.remoting.netty.RemotingClient;
import io.capsulemq.broker.remoting.protocol.RemotingCommand;
import io.capsulemq.broker.remoting.protocol.RequestCode;
import io.capsulemq.broker.remoting.protocol.ResponseCode;
import io.capsulemq.broker.store.message.MessageProperties;
import io.capsulemq.client.gateway.ClientListener;
import io.capsulemq.client.gateway.DeliveredMessage;
import io.capsulemq.client.gateway.QueueRef;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Function;

/**
 * The requests a broker sends a client on the connection the client's heartbeats go over, handed to that client's
 * {@link ClientListener}: CHECK_TRANSACTION_STATE (how did this transaction end?), NOTIFY_CONSUMER_IDS_CHANGED (the
 * group's members changed) and RESET_CONSUMER_CLIENT_OFFSET (an operator moved the group's offsets). Anything else
 * is answered REQUEST_CODE_NOT_SUPPORTED by the transport.
 */
final class BrokerCallbacks {
    private static final System.Logger LOG = System.getLogger(BrokerCallbacks.class.getName());

    private final Transactions transactions;
    private final RouteTable routes;
    private final Pulling pulling;
    private final Executor executor;

    BrokerCallbacks(Transactions transactions, RouteTable routes, Pulling pulling, Executor executor) {
        this.transactions = transactions;
        this.routes = routes;
        this.pulling = pulling;
        this.executor = executor;
    }

    /** Serves the broker's requests on {@code client}'s connections for the client {@code listener} names. */
    void install(RemotingClient client, Function<String, ClientListener> listener, String clientId) {
        client.registerProcessor(RequestCode.CHECK_TRANSACTION_STATE,
                (connection, request) -> checkTransaction(connection, request, listener.apply(clientId)));
        client.registerProcessor(RequestCode.NOTIFY_CONSUMER_IDS_CHANGED,
                (connection, request) -> consumerIdsChanged(request, listener.apply(clientId)));
        client.registerProcessor(RequestCode.RESET_CONSUMER_CLIENT_OFFSET,
                (connection, request) -> resetOffsets(connection, request, listener.apply(clientId)), executor);
    }

    private CompletionStage<RemotingCommand> checkTransaction(RemotingConnection connection, RemotingCommand request,
                                                              ClientListener listener) {
        String broker = address(connection.remoteAddress());
        WireMessage half;
        try {
            half = WireCodec.decode(ByteBuffer.wrap(request.body()));
        } catch (IllegalArgumentException e) {
            LOG.log(System.Logger.Level.WARNING, "a transaction check from {0} cannot be read: {1}", broker,
                    e.getMessage());
            return CompletableFuture.completedFuture(null);
        }
        String group = half.property(MessageProperties.PRODUCER_GROUP);
        long commitLogOffset = Requests.longField(request, "commitLogOffset", half.commitLogOffset());
        String messageId = request.extField("msgId") != null ? request.extField("msgId")
                : half.property(MessageProperties.UNIQUE_KEY);
        String transactionId = request.extField("transactionId") != null ? request.extField("transactionId")
                : messageId;
        if (group == null || listener == null || !listener.isActive()) {
            LOG.log(System.Logger.Level.DEBUG, "transaction check from {0} for group {1} has no producer here",
                    broker, group);
            return CompletableFuture.completedFuture(null);
        }
        transactions.checked(new Transactions.Half(broker, group, half.topic(), commitLogOffset,
                Requests.longField(request, "tranStateTableOffset", half.queueOffset()), messageId, transactionId,
                System.currentTimeMillis()));
        DeliveredMessage delivered = new DeliveredMessage(half.topic(), queueIndex(half.topic(), broker,
                half.queueId()), half.queueOffset(), commitLogOffset, half.body(), half.properties(),
                half.bornTimestamp(), half.bornHost(), half.storeTimestamp(), half.reconsumeTimes());
        listener.checkTransaction(group, delivered, transactionId);
        return CompletableFuture.completedFuture(null);
    }

    private CompletionStage<RemotingCommand> consumerIdsChanged(RemotingCommand request, ClientListener listener) {
        String group = request.extField("consumerGroup");
        if (group != null && listener != null && listener.isActive()) {
            listener.consumerIdsChanged(group);
        }
        return CompletableFuture.completedFuture(null);
    }

    private CompletionStage<RemotingCommand> resetOffsets(RemotingConnection connection, RemotingCommand request,
                                                          ClientListener listener) {
        String group = request.extField("group");
        String topic = request.extField("topic");
        if (group == null || topic == null || listener == null || !listener.isActive()) {
            return CompletableFuture.completedFuture(RemotingCommand.response(ResponseCode.SUCCESS, null));
        }
        Map<Integer, Long> offsets = new TreeMap<>();
        try {
            QueueLayout layout = routes.fetch(topic).queues();
            Map<Object, Object> table = request.body().length == 0 ? Map.of()
                    : RocketJson.objectField(RocketJson.object(request.body()), "offsetTable");
            table.forEach((key, offset) -> {
                if (key instanceof Map<?, ?> raw && offset instanceof Number n) {
                    @SuppressWarnings("unchecked")
                    Map<Object, Object> queue = (Map<Object, Object>) raw;
                    if (topic.equals(RocketJson.stringField(queue, "topic"))) {
                        int index = layout.readIndex(RocketJson.stringField(queue, "brokerName"),
                                (int) RocketJson.longField(queue, "queueId", -1));
                        if (index >= 0) {
                            offsets.put(index, n.longValue());
                        }
                    }
                }
            });
            // RocketMQ's client stores the new offsets as the group's before it goes on; so does this one, so that
            // a member restarting its queues from the group's offsets restarts from these.
            offsets.forEach((index, offset) -> pulling.commitOffset(group, new QueueRef(topic, index), offset));
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "the offset reset of group {0} on {1} from {2} failed: {3}",
                    group, topic, address(connection.remoteAddress()), e.getMessage());
            return CompletableFuture.completedFuture(RemotingCommand.response(ResponseCode.SYSTEM_ERROR,
                    e.getMessage()));
        }
        listener.offsetsReset(group, topic, offsets);
        return CompletableFuture.completedFuture(RemotingCommand.response(ResponseCode.SUCCESS, null));
    }

    /** The gateway's number of a broker's queue, if the topic's layout is at hand; else the broker's own id. */
    private int queueIndex(String topic, String brokerAddress, int queueId) {
        TopicLayout layout = topic == null ? null : routes.cached(topic);
        if (layout == null) {
            return queueId;
        }
        for (Map.Entry<String, String> e : layout.masters().entrySet()) {
            if (e.getValue().equals(brokerAddress)) {
                int index = layout.queues().readIndex(e.getKey(), queueId);
                return index >= 0 ? index : queueId;
            }
        }
        return queueId;
    }

    /** A connection's peer as {@code host:port}, the form addresses take in routes. */
    static String address(SocketAddress address) {
        if (address instanceof InetSocketAddress inet) {
            String host = inet.getAddress() != null ? inet.getAddress().getHostAddress() : inet.getHostString();
            if (host.indexOf(':') >= 0) {
                host = "[" + host + "]";
            }
            return host + ":" + inet.getPort();
        }
        return String.valueOf(address);
    }
}
