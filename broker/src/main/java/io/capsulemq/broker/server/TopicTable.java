package io.capsulemq.broker.server;

import io.capsulemq.broker.engine.Broker;
import io.capsulemq.broker.engine.topic.MessageType;
import io.capsulemq.broker.engine.topic.TopicConfig;
import io.capsulemq.broker.server.body.TopicConfigData;
import io.capsulemq.broker.server.body.TopicConfigTableBody;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The broker's topics as RocketMQ's protocol states them ({@code TopicConfigSerializeWrapper}): each topic's
 * configuration, in name order, and a data version that changes exactly when the table does, whoever changed it (an
 * operator, a producer's first send, the broker's own retry and dead-letter topics). A NameServer registration
 * sends this table; GET_ALL_TOPIC_CONFIG answers with it.
 */
public final class TopicTable {
    /** RocketMQ 5's topic attribute naming its message type. */
    static final String MESSAGE_TYPE_ATTRIBUTE = "message.type";
    private static final String TAG_FILTER = "SINGLE_TAG";

    private final Broker broker;
    private final TableVersion<TopicConfigData> version;

    TopicTable(Broker broker) {
        this.broker = broker;
        this.version = new TableVersion<>(broker.config().clock());
    }

    /** Every topic now, with the version of this content. */
    public TopicConfigTableBody snapshot() {
        Map<String, TopicConfigData> table = new LinkedHashMap<>();
        for (TopicConfig t : broker.topics().all()) {
            table.put(t.topicName(), data(t));
        }
        return new TopicConfigTableBody(version.of(table), table);
    }

    static TopicConfigData data(TopicConfig t) {
        return new TopicConfigData(t.topicName(), t.readQueueNums(), t.writeQueueNums(), t.perm(), TAG_FILTER, 0,
                t.messageType() == MessageType.FIFO, Map.of(MESSAGE_TYPE_ATTRIBUTE, t.messageType().name()));
    }
}
