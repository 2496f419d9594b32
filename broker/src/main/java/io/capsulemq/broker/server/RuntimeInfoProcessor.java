package io.capsulemq.broker.server;

import io.capsulemq.broker.engine.Broker;
import io.capsulemq.broker.remoting.RemotingConnection;
import io.capsulemq.broker.remoting.RequestProcessor;
import io.capsulemq.broker.remoting.protocol.RemotingCommand;
import io.capsulemq.broker.server.body.Json;
import io.capsulemq.broker.server.body.KvTableBody;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

/**
 * GET_BROKER_RUNTIME_INFO: what {@code mqadmin clusterList} and {@code brokerStatus} show, under RocketMQ's key
 * names: version, uptime, messages put and got (totals, since this morning and yesterday morning, rates), request
 * queue depths, held long polls, commit log bounds and disk use.
 */
final class RuntimeInfoProcessor implements RequestProcessor {
    private final Broker broker;
    private final TrafficStats traffic;
    private final ServerExecutors executors;
    private final long bootMillis;

    RuntimeInfoProcessor(Broker broker, TrafficStats traffic, ServerExecutors executors, long bootMillis) {
        this.broker = broker;
        this.traffic = traffic;
        this.executors = executors;
        this.bootMillis = bootMillis;
    }

    @Override
    public CompletableFuture<RemotingCommand> process(RemotingConnection connection, RemotingCommand request) {
        return Responses.done(Responses.success().body(Json.write(new KvTableBody(runtimeInfo()))));
    }

    private Map<String, String> runtimeInfo() {
        Map<String, String> info = new TreeMap<>();
        long now = broker.config().clock().millis();
        info.put("brokerVersion", Integer.toString(Responses.VERSION));
        info.put("brokerVersionDesc", "V5_5_0");
        info.put("brokerActive", "true");
        info.put("bootTimestamp", Long.toString(bootMillis));
        info.put("runtime", runtime(now - bootMillis));
        long[] today = traffic.todayMorning();
        long[] yesterday = traffic.yesterdayMorning();
        info.put("msgPutTotalTodayNow", Long.toString(traffic.putTotal()));
        info.put("msgGetTotalTodayNow", Long.toString(traffic.getTotal()));
        info.put("msgPutTotalTodayMorning", Long.toString(today[0]));
        info.put("msgGetTotalTodayMorning", Long.toString(today[1]));
        info.put("msgPutTotalYesterdayMorning", Long.toString(yesterday[0]));
        info.put("msgGetTotalYesterdayMorning", Long.toString(yesterday[1]));
        info.put("putTps", rates(0));
        info.put("getTransferredTps", rates(1));
        info.put("getTotalTps", rates(1));
        info.put("sendThreadPoolQueueSize", Integer.toString(executors.send.getQueue().size()));
        info.put("sendThreadPoolQueueCapacity", Integer.toString(capacity(executors.send)));
        info.put("pullThreadPoolQueueSize", Integer.toString(executors.pull.getQueue().size()));
        info.put("pullThreadPoolQueueCapacity", Integer.toString(capacity(executors.pull)));
        info.put("ackThreadPoolQueueSize", Integer.toString(executors.ack.getQueue().size()));
        info.put("ackThreadPoolQueueCapacity", Integer.toString(capacity(executors.ack)));
        info.put("sendThreadPoolQueueHeadWaitTimeMills", "0");
        info.put("pullThreadPoolQueueHeadWaitTimeMills", "0");
        info.put("ackThreadPoolQueueHeadWaitTimeMills", "0");
        info.put("pageCacheLockTimeMills", "0");
        info.put("heldPullCount", Integer.toString(broker.puller().heldCount()));
        info.put("heldPopCount", Integer.toString(broker.pop().waitingCount()));
        info.put("commitLogMinOffset", Long.toString(broker.store().minCommitLogOffset()));
        info.put("commitLogMaxOffset", Long.toString(broker.store().maxCommitLogOffset()));
        info.put("earliestMessageTimeStamp", Long.toString(broker.store().lookAt(broker.store().minCommitLogOffset())
                .map(m -> m.storeTimestamp()).orElse(now)));
        info.put("commitLogDiskRatio", diskRatio());
        info.put("dispatchBehindBytes", "0");
        return info;
    }

    private String rates(int which) {
        return String.format(Locale.ROOT, "%.2f %.2f %.2f", traffic.rate(which, 10), traffic.rate(which, 60),
                traffic.rate(which, 600));
    }

    private static int capacity(java.util.concurrent.ThreadPoolExecutor pool) {
        return pool.getQueue().size() + pool.getQueue().remainingCapacity();
    }

    private String diskRatio() {
        try {
            FileStore store = Files.getFileStore(broker.config().store().rootDir());
            long total = store.getTotalSpace();
            return total <= 0 ? "0" : String.format(Locale.ROOT, "%.4f",
                    (total - store.getUsableSpace()) / (double) total);
        } catch (IOException e) {
            return "0";
        }
    }

    private static String runtime(long millis) {
        Duration d = Duration.ofMillis(Math.max(0, millis));
        return "[ " + d.toDays() + " days, " + d.toHoursPart() + " hours, " + d.toMinutesPart() + " minutes, "
                + d.toSecondsPart() + " seconds ]";
    }
}
