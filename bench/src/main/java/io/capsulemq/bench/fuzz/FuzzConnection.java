package io.capsulemq.bench.fuzz;

import io.capsulemq.broker.remoting.protocol.CommandCodec;
import io.capsulemq.broker.remoting.protocol.RemotingCommand;
import io.capsulemq.broker.remoting.protocol.RemotingProtocolException;
import io.capsulemq.broker.remoting.protocol.RequestCode;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * One fuzzing connection: writes units, reads whatever comes back and pairs answers with the requests that asked
 * for them. It knows which requests must be answered (the decodable, non-one-way ones) and which may stay unanswered
 * (long polls waiting for messages; requests decoded just before a frame that closes the connection).
 */
final class FuzzConnection implements AutoCloseable {
    /** Requests a server may hold until a message comes: their answers are not waited for. */
    private static final Set<Integer> LONG_POLLS = Set.of(RequestCode.PULL_MESSAGE, RequestCode.LITE_PULL_MESSAGE,
            RequestCode.POP_MESSAGE, RequestCode.NOTIFICATION, RequestCode.POLLING_INFO);
    /** No answer the fuzzer provokes comes near this; a larger length means the server wrote garbage. */
    private static final int MAX_ANSWER_BYTES = 64 << 20;

    enum Ended { OPEN, CLOSED_BY_SERVER }

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final RequestShapes.Port port;
    private final FuzzStats stats;
    /** Requests that must be answered, and those that may be, by opaque. */
    private final Map<Integer, ArrayDeque<Integer>> required = new HashMap<>();
    private final Map<Integer, ArrayDeque<Integer>> optional = new HashMap<>();
    private int requiredCount;
    private byte[] buffer = new byte[8192];
    private int filled;
    private Ended ended = Ended.OPEN;

    private FuzzConnection(Socket socket, RequestShapes.Port port, FuzzStats stats) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
        this.port = port;
        this.stats = stats;
    }

    static FuzzConnection open(InetSocketAddress address, RequestShapes.Port port, FuzzStats stats)
            throws IOException {
        Socket socket = new Socket();
        try {
            socket.setTcpNoDelay(true);
            socket.setSoLinger(true, 0); // a reset on close: thousands of connections leave no TIME_WAIT behind
            socket.connect(address, 10_000);
            stats.connections.increment();
            return new FuzzConnection(socket, port, stats);
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }

    RequestShapes.Port port() {
        return port;
    }

    /** Remembers the answers the commands of a unit call for: must be answered unless {@code mayBeLost}. */
    void expect(Iterable<RemotingCommand> commands, boolean mayBeLost) {
        for (RemotingCommand command : commands) {
            if (!command.isRequest() || command.isOneway()) {
                continue;
            }
            boolean must = !mayBeLost && !LONG_POLLS.contains(command.code());
            (must ? required : optional).computeIfAbsent(command.opaque(), o -> new ArrayDeque<>())
                    .add(command.code());
            if (must) {
                requiredCount++;
                stats.answersExpected.increment();
            }
        }
    }

    void write(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
        readAvailable();
    }

    /** Reads what has arrived without waiting. */
    void readAvailable() throws IOException {
        while (ended == Ended.OPEN && in.available() > 0) {
            if (!readSome()) {
                return;
            }
        }
    }

    /**
     * Waits until every required answer is in, the server closes the connection, or {@code patience} passes.
     *
     * @return the number of required answers still missing
     */
    int awaitAnswers(Duration patience) throws IOException {
        long deadline = System.nanoTime() + patience.toNanos();
        while (requiredCount > 0 && ended == Ended.OPEN) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                break;
            }
            socket.setSoTimeout((int) Math.max(1, Math.min(Integer.MAX_VALUE, left / 1_000_000)));
            try {
                readSome();
            } catch (SocketTimeoutException timedOut) {
                break;
            }
        }
        return requiredCount;
    }

    /** Waits for the server to close the connection; true if it did within {@code patience}. */
    boolean awaitClose(Duration patience) throws IOException {
        long deadline = System.nanoTime() + patience.toNanos();
        while (ended == Ended.OPEN) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            socket.setSoTimeout((int) Math.max(1, left / 1_000_000));
            try {
                readSome();
            } catch (SocketTimeoutException timedOut) {
                return false;
            } catch (IOException reset) {
                ended = Ended.CLOSED_BY_SERVER;
            }
        }
        return true;
    }

    boolean closedByServer() {
        return ended == Ended.CLOSED_BY_SERVER;
    }

    /** Long polls still unanswered: they were held, waiting for messages. */
    int heldLongPolls() {
        return optional.values().stream().mapToInt(ArrayDeque::size).sum();
    }

    /** Reads once (blocking up to the socket's timeout) and handles every whole frame; false at end of stream. */
    private boolean readSome() throws IOException {
        if (filled == buffer.length) {
            buffer = Arrays.copyOf(buffer, buffer.length * 2);
        }
        int read = in.read(buffer, filled, buffer.length - filled);
        if (read < 0) {
            ended = Ended.CLOSED_BY_SERVER;
            return false;
        }
        filled += read;
        handleFrames();
        return true;
    }

    private void handleFrames() {
        int start = 0;
        while (filled - start >= 4) {
            int length = ByteBuffer.wrap(buffer, start, 4).getInt();
            if (length < 0 || length > MAX_ANSWER_BYTES) {
                stats.finding("the server wrote a frame with length " + length, "on the " + port);
                filled = 0;
                return;
            }
            if (filled - start < 4 + length) {
                if (buffer.length < 4 + length) {
                    buffer = Arrays.copyOf(buffer, 4 + length);
                }
                break;
            }
            handle(Arrays.copyOfRange(buffer, start, start + 4 + length));
            start += 4 + length;
        }
        System.arraycopy(buffer, start, buffer, 0, filled - start);
        filled -= start;
    }

    private void handle(byte[] frame) {
        RemotingCommand command;
        try {
            command = CommandCodec.decode(frame);
        } catch (RemotingProtocolException e) {
            stats.finding("the server wrote a frame that does not decode", e.getMessage());
            return;
        }
        if (!command.isResponse()) {
            stats.serverRequests.increment(); // the server calling a "client" (a transaction check, say)
            return;
        }
        Integer requestCode = take(required, command.opaque());
        if (requestCode != null) {
            requiredCount--;
        } else {
            requestCode = take(optional, command.opaque());
        }
        if (requestCode == null) {
            stats.finding("an answer no request asked for", "opaque " + command.opaque() + " on the " + port);
            return;
        }
        stats.answer(requestCode, command.code(), command.remark(), port);
    }

    private static Integer take(Map<Integer, ArrayDeque<Integer>> waiting, int opaque) {
        ArrayDeque<Integer> codes = waiting.get(opaque);
        if (codes == null) {
            return null;
        }
        Integer code = codes.poll();
        if (codes.isEmpty()) {
            waiting.remove(opaque);
        }
        return code;
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // Closing a connection the server may have reset already.
        }
    }
}
