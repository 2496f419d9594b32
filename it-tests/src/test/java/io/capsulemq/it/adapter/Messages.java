package io.capsulemq.it.adapter;

import org.apache.rocketmq.client.apis.ClientServiceProvider;
import org.apache.rocketmq.client.apis.message.MessageBuilder;
import org.apache.rocketmq.client.apis.message.MessageView;

import java.nio.charset.StandardCharsets;

/** Messages as applications build them: through the native API's service provider, found in the adapter. */
final class Messages {
    private Messages() {
    }

    static MessageBuilder builder(String topic, String body) {
        return ClientServiceProvider.loadService().newMessageBuilder().setTopic(topic)
                .setBody(body.getBytes(StandardCharsets.UTF_8));
    }

    static String body(MessageView message) {
        return StandardCharsets.UTF_8.decode(message.getBody().duplicate()).toString();
    }
}
