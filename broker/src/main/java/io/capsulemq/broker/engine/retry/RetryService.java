package io.capsulemq.broker.engine.retry;

import io.capsulemq.broker.engine.BrokerException;
import io.capsulemq.broker.engine.BrokerException.Reason;
import io.capsulemq.broker.engine.group.GroupRegistry;
import io.capsulemq.broker.engine.send.DeliveryTime;
import io.capsulemq.broker.engine.send.SendResult;
import io.capsulemq.broker.engine.send.SendService;
import io.capsulemq.broker.engine.topic.Permission;
import io.capsulemq.broker.engine.topic.SystemTopics;
import io.capsulemq.broker.engine.topic.TopicConfig;
import io.capsulemq.broker.engine.topic.TopicRegistry;
import io.capsulemq.broker.store.GetResult;
import io.capsulemq.broker.store.MessageFilter;
import io.capsulemq.broker.store.MessageStore;
import io.capsulemq.broker.store.MessageToStore;
import io.capsulemq.broker.store.PutResult;
import io.capsulemq.broker.store.StoredMessage;
import io.capsulemq.broker.store.message.MessageProperties;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * What happens to a message a consumer failed: it is stored again in the group's retry topic, due after a back-off
 * that grows with each attempt (10 s, 30 s, 1 min, ... 2 h by default, RocketMQ's delay levels 3 to 18; the broker's
 * {@code retryBackoff} setting may change it), until the group's maximum; then it goes to the group's dead-letter
 * topic. Both copies keep the message's unique id, original topic and properties. Dead letters can be
 * listed and sent back to their topic.
 */
public final class RetryService {
    /** Retries start at delay level 3 (10 s), as RocketMQ's do. */
    private static final int FIRST_RETRY_LEVEL = 3;

    private final MessageStore store;
    private final TopicRegistry topics;
    private final GroupRegistry groups;
    private final SendService.TimerRouting timer;
    private final Clock clock;
    private final List<Duration> backoff;

    public RetryService(MessageStore store, TopicRegistry topics, GroupRegistry groups,
                        SendService.TimerRouting timer, Clock clock) {
        this(store, topics, groups, timer, clock, defaultBackoff());
    }

    /**
     * @param backoff the delay before the first retry, the second, and so on; the last one repeats for further
     *                retries
     */
    public RetryService(MessageStore store, TopicRegistry topics, GroupRegistry groups,
                        SendService.TimerRouting timer, Clock clock, List<Duration> backoff) {
        this.store = store;
        this.topics = topics;
        this.groups = groups;
        this.timer = timer;
        this.clock = clock;
        this.backoff = checkBackoff(backoff);
    }

    /** RocketMQ's retry schedule: delay levels 3 (10 s) to 18 (2 h). */
    public static List<Duration> defaultBackoff() {
        List<Duration> delays = new ArrayList<>();
        for (int level = FIRST_RETRY_LEVEL; level <= DeliveryTime.levels(); level++) {
            delays.add(Duration.ofMillis(DeliveryTime.levelMillis(level)));
        }
        return List.copyOf(delays);
    }

    /** A schedule the broker can follow: at least one delay, none negative. */
    public static List<Duration> checkBackoff(List<Duration> backoff) {
        if (backoff == null || backoff.isEmpty()) {
            throw new IllegalArgumentException("the retry back-off needs at least one delay");
        }
        for (Duration d : backoff) {
            if (d == null || d.isNegative()) {
                throw new IllegalArgumentException("the retry back-off has a negative or missing delay: " + backoff);
            }
        }
        return List.copyOf(backoff);
    }

    /**
     * Re-delivers a failed message to {@code group} later, or dead-letters it once it was tried the maximum number
     * of times.
     *
     * @param delayLevel        0 for the back-off that follows the attempt count; a negative level dead-letters
     *                          at once; 1 to 18 picks a delay level
     * @param maxReconsumeTimes the consumer's maximum, or -1 for the group's
     */
    public CompletableFuture<PutResult> sendBack(String group, StoredMessage failed, int delayLevel,
                                                 int maxReconsumeTimes) {
        int max = maxReconsumeTimes >= 0 ? maxReconsumeTimes : groups.findOrAutoCreate(group).retryMaxTimes();
        int attempts = failed.reconsumeTimes() + 1;
        String originalTopic = failed.property(MessageProperties.RETRY_TOPIC) != null
                ? failed.property(MessageProperties.RETRY_TOPIC) : failed.topic();
        boolean dead = delayLevel < 0 || attempts > max;
        String target = dead ? SystemTopics.deadLetterTopic(group) : SystemTopics.retryTopic(group);
        topics.ensure(target, 1, Permission.READ_WRITE);
        MessageToStore.Builder copy = failed.copyTo(target, 0).reconsumeTimes(attempts)
                .property(MessageProperties.RETRY_TOPIC, originalTopic);
        if (failed.property(MessageProperties.ORIGIN_MESSAGE_ID) == null) {
            copy.property(MessageProperties.ORIGIN_MESSAGE_ID, failed.offsetMessageId());
        }
        stripTiming(copy);
        MessageToStore message = copy.build();
        if (!dead) {
            long delay = delayLevel > 0 ? DeliveryTime.levelMillis(delayLevel)
                    : backoff.get(Math.min(failed.reconsumeTimes(), backoff.size() - 1)).toMillis();
            message = timer.toTimer(message, clock.millis() + delay);
        }
        return store.putAsync(message).thenApply(RetryService::checked);
    }

    /** Dead letters of a group from {@code offset}, oldest first. */
    public GetResult deadLetters(String group, long offset, int maxCount) {
        return store.get(SystemTopics.deadLetterTopic(group), 0, offset, maxCount, MessageFilter.ALL);
    }

    /**
     * Sends a dead letter back to the topic it failed on, with its attempt count reset, so the group (and every
     * other group of that topic) receives it again.
     */
    public CompletableFuture<PutResult> resendDeadLetter(String group, long commitLogOffset) {
        StoredMessage dead = store.lookAt(commitLogOffset)
                .filter(m -> m.topic().equals(SystemTopics.deadLetterTopic(group)))
                .orElseThrow(() -> new BrokerException(Reason.NOT_FOUND, "no dead letter of group " + group
                        + " at commit log offset " + commitLogOffset));
        String original = dead.property(MessageProperties.RETRY_TOPIC);
        TopicConfig topic = topics.find(original).orElseThrow(() -> new BrokerException(Reason.TOPIC_NOT_EXIST,
                "dead letter's topic " + original + " no longer exists"));
        String uniqueId = dead.uniqueId() == null ? "" : dead.uniqueId();
        int queue = Math.floorMod(uniqueId.hashCode(), topic.writeQueueNums());
        MessageToStore.Builder copy = dead.copyTo(original, queue).reconsumeTimes(0)
                .removeProperty(MessageProperties.RETRY_TOPIC);
        return store.putAsync(copy.build()).thenApply(RetryService::checked);
    }

    /** A retried message is due when its back-off says, not when the original send asked. */
    private static void stripTiming(MessageToStore.Builder copy) {
        copy.removeProperty(MessageProperties.DELAY_LEVEL).removeProperty(MessageProperties.DELIVER_TIME_MS)
                .removeProperty(DeliveryTime.DELAY_SECONDS).removeProperty(DeliveryTime.DELAY_MILLIS);
    }

    private static PutResult checked(PutResult put) {
        if (!put.status().isWritten()) {
            throw new BrokerException(Reason.SERVICE_NOT_AVAILABLE, put.status() + ": " + put.reason());
        }
        return put;
    }
}
