package io.capsulemq.client.consumer.push;

import org.apache.rocketmq.client.apis.message.MessageView;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/** What a test's listener received, in arrival order, thread-safe. */
final class Deliveries {
    private final List<MessageView> views = new ArrayList<>();

    synchronized void add(MessageView view) {
        views.add(view);
    }

    synchronized List<MessageView> all() {
        return List.copyOf(views);
    }

    synchronized int size() {
        return views.size();
    }

    synchronized List<String> bodies() {
        return views.stream().map(Deliveries::body).toList();
    }

    synchronized boolean any(Predicate<MessageView> condition) {
        return views.stream().anyMatch(condition);
    }

    static String body(MessageView view) {
        return StandardCharsets.UTF_8.decode(view.getBody()).toString();
    }
}
