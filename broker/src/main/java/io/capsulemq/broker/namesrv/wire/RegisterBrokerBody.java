package io.capsulemq.broker.namesrv.wire;

import java.util.List;

/**
 * The body of REGISTER_BROKER (RocketMQ's RegisterBrokerBody): the broker's topics and its filter servers.
 * {@code filterServerList} is null when the broker sent none, which leaves the NameServer's record as it was.
 */
public record RegisterBrokerBody(TopicConfigSerializeWrapper topicConfigSerializeWrapper,
                                 List<String> filterServerList) {
    public RegisterBrokerBody {
        if (topicConfigSerializeWrapper == null) {
            topicConfigSerializeWrapper = new TopicConfigSerializeWrapper(null, null);
        }
        filterServerList = filterServerList == null ? null : List.copyOf(filterServerList);
    }
}
