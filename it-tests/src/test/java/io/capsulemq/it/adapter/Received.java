package io.capsulemq.it.adapter;

import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.Singleton;
import org.apache.rocketmq.client.apis.message.MessageView;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** What the test applications' message-driven beans received, by channel, for the tests to wait on and inspect. */
@Singleton
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
public class Received {
    /** One delivery: the message, when it arrived, and which bean instance took it. */
    public record Delivery(MessageView message, long atMillis, int beanInstance) {
    }

    private final Map<String, List<Delivery>> byChannel = new ConcurrentHashMap<>();
    private final Map<String, List<String>> notes = new ConcurrentHashMap<>();

    public void add(String channel, MessageView message, Object bean) {
        byChannel.computeIfAbsent(channel, c -> new CopyOnWriteArrayList<>())
                .add(new Delivery(message, System.currentTimeMillis(), System.identityHashCode(bean)));
    }

    /** For beans given only a message's body. */
    public void note(String channel, String text) {
        notes.computeIfAbsent(channel, c -> new CopyOnWriteArrayList<>()).add(text);
    }

    /** The channel's notes once there are at least {@code count}; fails after {@code timeout}. */
    public List<String> awaitNotes(String channel, int count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (notes.getOrDefault(channel, List.of()).size() < count) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("channel " + channel + ": " + notes.getOrDefault(channel, List.of())
                        + " within " + timeout.toSeconds() + " s, expected " + count + " notes");
            }
            Thread.sleep(20);
        }
        return List.copyOf(notes.get(channel));
    }

    public List<Delivery> of(String channel) {
        return List.copyOf(byChannel.getOrDefault(channel, List.of()));
    }

    /** The channel's deliveries once there are at least {@code count}; fails after {@code timeout}. */
    public List<Delivery> await(String channel, int count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (of(channel).size() < count) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("channel " + channel + ": " + of(channel).size() + " deliveries within "
                        + timeout.toSeconds() + " s, expected " + count);
            }
            Thread.sleep(20);
        }
        return of(channel);
    }
}
