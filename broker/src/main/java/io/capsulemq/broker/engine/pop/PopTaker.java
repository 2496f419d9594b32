package io.capsulemq.broker.engine.pop;

import io.capsulemq.broker.engine.pop.JournalRecord.Delivery;
import io.capsulemq.broker.engine.pop.JournalRecord.Popped;
import io.capsulemq.broker.engine.topic.Permission;
import io.capsulemq.broker.engine.topic.TopicConfig;
import io.capsulemq.broker.engine.topic.TopicRegistry;
import io.capsulemq.broker.store.GetResult;
import io.capsulemq.broker.store.GetStatus;
import io.capsulemq.broker.store.MessageStore;
import io.capsulemq.broker.store.StoredMessage;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Takes messages into flight for one pop: per queue, first in-flight messages visible again (with their delivery
 * attempt counted up; for FIFO in queue order, and nothing while one is still invisible), then new ones from the
 * cursor, all under the queue's lock and recorded in one journal record, so concurrent pops of a group never share
 * a message. The answer completes once the record is stored; if it cannot be, the messages are put back as never
 * delivered and the answer fails.
 */
final class PopTaker {
    private static final System.Logger LOG = System.getLogger(PopTaker.class.getName());
    private static final int MAX_DROPS_PER_POP = 256;
    /** Store reads (of up to 16,000 queue entries each) one pop may spend on messages its filter rejects. */
    private static final int MAX_SCAN_ROUNDS = 64;

    private final MessageStore store;
    private final TopicRegistry topics;
    private final InFlightTable table;
    private final DeadLetters deadLetters;
    private final ReceiptHandles handles;
    private final Clock clock;
    private final Executor readers;
    private final AtomicInteger rotation = new AtomicInteger();

    PopTaker(MessageStore store, TopicRegistry topics, InFlightTable table, DeadLetters deadLetters,
             ReceiptHandles handles, Clock clock, Executor readers) {
        this.store = store;
        this.topics = topics;
        this.table = table;
        this.deadLetters = deadLetters;
        this.handles = handles;
        this.clock = clock;
        this.readers = readers;
    }

    private record Taken(int count, CompletableFuture<List<PoppedMessage>> answer) {
    }

    /**
     * Pops what is there now for the request, from every readable queue of its topic starting at a rotating one:
     * a future of it, or null when there was nothing to take.
     *
     * @param maxDeliveries how often the group's messages are delivered at most
     */
    CompletableFuture<List<PoppedMessage>> takeNow(PopRequest request, int maxDeliveries) {
        Optional<TopicConfig> topic = topics.find(request.topic());
        if (topic.isEmpty() || !Permission.readable(topic.get().perm())) {
            return null;
        }
        int queues = topic.get().readQueueNums();
        int start = Math.floorMod(rotation.getAndIncrement(), queues);
        List<CompletableFuture<List<PoppedMessage>>> parts = new ArrayList<>();
        int remaining = request.maxCount();
        for (int i = 0; i < queues && remaining > 0; i++) {
            QueueState q = table.state(new QueueKey(request.group(), request.topic(), (start + i) % queues));
            deadLetters.moveDue(q, maxDeliveries);
            Taken taken = takeFrom(q, request, remaining, maxDeliveries);
            if (taken != null) {
                parts.add(taken.answer());
                remaining -= taken.count();
            }
        }
        return parts.isEmpty() ? null : combine(parts);
    }

    /** Takes visible in-flight messages, then new ones, from one queue; null when it took nothing. */
    private Taken takeFrom(QueueState q, PopRequest request, int max, int maxDeliveries) {
        List<PoppedMessage> out = new ArrayList<>();
        List<Delivery> deliveries = new ArrayList<>();
        List<Long> dropped = new ArrayList<>();
        long seq;
        CompletableFuture<Void> written;
        synchronized (q) {
            long now = clock.millis();
            if (request.fifo() && q.holdsFifo(now)) {
                return null;
            }
            seq = table.nextSeq();
            boolean held = false;
            for (InFlight e : request.fifo() ? q.entries() : q.visible(now)) {
                if (out.size() >= max || dropped.size() >= MAX_DROPS_PER_POP) {
                    held = true;
                    break;
                }
                if (e.deadLettering || e.attempt >= maxDeliveries) {
                    if (request.fifo()) {
                        held = true;
                        break;
                    }
                    continue;
                }
                Optional<StoredMessage> message = table.read(q.key, e);
                if (message.isEmpty() || !request.filter().matches(message.get())) {
                    LOG.log(message.isEmpty() ? System.Logger.Level.WARNING : System.Logger.Level.DEBUG,
                            "message of {0} at offset {1} dropped from flight: {2}", q.key, e.queueOffset,
                            message.isEmpty() ? "it is no longer in the store" : "the group's filter rejects it now");
                    q.remove(e.queueOffset);
                    dropped.add(e.queueOffset);
                    continue;
                }
                q.reschedule(e, e.attempt + 1, now, request.invisibleMillis(), seq);
                e.fifo = request.fifo();
                deliveries.add(new Delivery(e.queueOffset, e.commitLogOffset, e.attempt));
                out.add(popped(q.key, message.get(), e));
            }
            if (!held && out.size() < max) {
                takeNew(q, request, max - out.size(), now, seq, deliveries, out);
            }
            if (deliveries.isEmpty() && dropped.isEmpty()) {
                table.commit(q);
                return null;
            }
            written = table.record(q, new Popped(seq, q.key, now, request.invisibleMillis(), request.fifo(),
                    q.cursor(), List.copyOf(deliveries), List.copyOf(dropped)));
        }
        if (out.isEmpty()) {
            return null;
        }
        // Answered on a reader thread, never on the store's flush thread that completes the journal write.
        CompletableFuture<List<PoppedMessage>> answer = written.handleAsync((ok, failure) -> {
            if (failure == null) {
                return List.copyOf(out);
            }
            undeliver(q, seq, deliveries);
            throw PopService.failure("the pop of " + q.key, failure);
        }, readers);
        return new Taken(out.size(), answer);
    }

    /**
     * Reads new messages from the queue's cursor into flight, past any stretch the filter rejects (up to a bound,
     * so one pop cannot hold the queue for long). Called holding the queue's lock.
     */
    private void takeNew(QueueState q, PopRequest request, int max, long now, long seq, List<Delivery> deliveries,
                         List<PoppedMessage> out) {
        QueueKey key = q.key;
        for (int round = 0; round < MAX_SCAN_ROUNDS; round++) {
            GetResult got = store.get(key.topic(), key.queueId(), q.cursor(), max, request.filter());
            if (got.status() == GetStatus.OFFSET_TOO_SMALL || got.status() == GetStatus.OFFSET_OVERFLOW_BADLY) {
                LOG.log(System.Logger.Level.WARNING, "pop cursor of {0} at {1} is outside the queue ({2} to {3}); "
                        + "moved to {4}", key, q.cursor(), got.minOffset(), got.maxOffset(), got.nextOffset());
                q.cursor(got.nextOffset());
                continue;
            }
            for (StoredMessage m : got.messages()) {
                InFlight e = new InFlight(m.queueOffset(), m.commitLogOffset(), 1, now, request.invisibleMillis(),
                        seq, request.fifo());
                q.put(e);
                deliveries.add(new Delivery(e.queueOffset, e.commitLogOffset, e.attempt));
                out.add(popped(key, m, e));
            }
            if (got.nextOffset() > q.cursor()) {
                q.cursor(got.nextOffset());
            }
            boolean skippedOnly = got.status() == GetStatus.NO_MATCHED_MESSAGE
                    || got.status() == GetStatus.OFFSET_FOUND_NULL;
            if (!got.messages().isEmpty() || !skippedOnly || q.cursor() >= got.maxOffset()) {
                return;
            }
        }
    }

    /** A pop whose record could not be stored was not answered: its messages are visible again, uncounted. */
    private void undeliver(QueueState q, long seq, List<Delivery> deliveries) {
        synchronized (q) {
            long now = clock.millis();
            for (Delivery d : deliveries) {
                InFlight e = q.get(d.queueOffset());
                if (e != null && e.revision == seq) {
                    q.reschedule(e, e.attempt - 1, now, 0, seq);
                }
            }
        }
    }

    private PoppedMessage popped(QueueKey key, StoredMessage message, InFlight entry) {
        return new PoppedMessage(message, key.topic(),
                handles.encode(key.group(), key.topic(), entry.handle(key.queueId())), entry.attempt);
    }

    private static CompletableFuture<List<PoppedMessage>> combine(List<CompletableFuture<List<PoppedMessage>>> parts) {
        if (parts.size() == 1) {
            return parts.get(0);
        }
        CompletableFuture<?>[] settled = parts.stream().map(p -> p.handle((v, e) -> null))
                .toArray(CompletableFuture[]::new);
        return CompletableFuture.allOf(settled).thenApply(ignored -> {
            List<PoppedMessage> all = new ArrayList<>();
            Throwable firstFailure = null;
            for (CompletableFuture<List<PoppedMessage>> part : parts) {
                try {
                    all.addAll(part.join());
                } catch (CompletionException e) {
                    firstFailure = firstFailure == null ? e.getCause() : firstFailure;
                }
            }
            if (all.isEmpty() && firstFailure != null) {
                throw new CompletionException(firstFailure);
            }
            return all;
        });
    }
}
