package io.capsulemq.broker.remoting.netty;

import io.capsulemq.broker.remoting.RemotingConnection;
import io.capsulemq.broker.remoting.protocol.CommandCodec;
import io.capsulemq.broker.remoting.protocol.FrameDescriptor;
import io.capsulemq.broker.remoting.protocol.RemotingCommand;
import io.capsulemq.broker.remoting.protocol.RequestCode;
import io.capsulemq.broker.remoting.protocol.ResponseCode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Frames that break the protocol close the connection that sent them, with a logged reason; the server and every
 * other connection go on.
 */
class ProtocolViolationTest {
    private static final int ECHO = RequestCode.HEART_BEAT;

    private static RemotingServer server;
    private static RemotingClient client;
    private static RemotingConnection wellBehaved;

    @BeforeAll
    static void start() throws Exception {
        server = new RemotingServer(RemotingServerConfig.defaults());
        server.registerProcessor(ECHO, (connection, request) ->
                CompletableFuture.completedFuture(RemotingCommand.response(ResponseCode.SUCCESS, null)));
        server.start();
        client = new RemotingClient(RemotingClientConfig.defaults());
        wellBehaved = client.connect("127.0.0.1:" + server.port()).get(10, TimeUnit.SECONDS);
    }

    @AfterAll
    static void stop() {
        client.close();
        server.close();
    }

    static Stream<Arguments> badFrames() {
        byte[] json = "{\"code\":34}".getBytes(StandardCharsets.UTF_8);
        byte[] garbage = new byte[64];
        new Random(7).nextBytes(garbage);
        ByteBuffer.wrap(garbage).putInt(0, garbage.length - 4);
        byte[] truncatedBinary = frame(1, new byte[10], new byte[0]);
        return Stream.of(
                Arguments.of("oversize frame", lengthOnly(FrameDescriptor.DEFAULT_MAX_FRAME_BYTES - 3),
                        "exceeds the limit"),
                Arguments.of("negative length", lengthOnly(-1), "negative frame length"),
                Arguments.of("unknown serialize type", frame(9, json, new byte[0]), "serialize type 9"),
                Arguments.of("header longer than frame", headerLengthOverrun(json), "header length"),
                Arguments.of("malformed JSON header", frame(0, "{\"code\":".getBytes(StandardCharsets.UTF_8),
                        new byte[0]), "malformed JSON header"),
                Arguments.of("truncated binary header", truncatedBinary, "binary header"),
                Arguments.of("random bytes", garbage, ""),
                Arguments.of("no header length", new byte[] {0, 0, 0, 0}, "no header length"),
                Arguments.of("HTTP request", "GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII),
                        "exceeds the limit"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badFrames")
    void shouldCloseOnlyTheConnectionThatSentABadFrame(String what, byte[] bytes, String reason) throws Exception {
        try (LogCapture log = new LogCapture(CommandDecoder.class); Socket socket = connect()) {
            socket.getOutputStream().write(bytes);
            socket.getOutputStream().flush();
            assertClosedByServer(socket);
            assertTrue(log.messages().stream().anyMatch(message -> message.contains(reason)),
                    "logged reason containing \"" + reason + "\": " + log.messages());
        }
        assertOtherConnectionsWork();
    }

    @Test
    void shouldCloseAConnectionWhoseFrameGrowsPastTheLimitEvenWhenItArrivesSlowly() throws Exception {
        try (Socket socket = connect()) {
            byte[] lengthField = lengthOnly(Integer.MAX_VALUE);
            for (byte b : lengthField) {
                socket.getOutputStream().write(b);
                socket.getOutputStream().flush();
                Thread.sleep(20);
            }
            assertClosedByServer(socket);
        }
        assertOtherConnectionsWork();
    }

    @Test
    void shouldAcceptAFrameExactlyAtTheLimit() throws Exception {
        int headerOnly = CommandCodec.encode(RemotingCommand.request(ECHO).opaque(5).build()).length;
        byte[] body = new byte[FrameDescriptor.DEFAULT_MAX_FRAME_BYTES - headerOnly];
        byte[] request = CommandCodec.encode(RemotingCommand.request(ECHO).opaque(5).body(body).build());
        assertEquals(FrameDescriptor.DEFAULT_MAX_FRAME_BYTES, request.length);
        try (Socket socket = connect()) {
            socket.getOutputStream().write(request);
            socket.getOutputStream().flush();
            byte[] length = socket.getInputStream().readNBytes(FrameDescriptor.LENGTH_SIZE);
            byte[] rest = socket.getInputStream().readNBytes(ByteBuffer.wrap(length).getInt());
            RemotingCommand response = CommandCodec.decode(ByteBuffer.allocate(length.length + rest.length)
                    .put(length).put(rest).array());
            assertTrue(response.isResponse());
            assertEquals(5, response.opaque());
            assertEquals(ResponseCode.SUCCESS, response.code());
        }
    }

    private static Socket connect() throws IOException {
        Socket socket = new Socket("127.0.0.1", server.port());
        socket.setSoTimeout((int) Duration.ofSeconds(10).toMillis());
        return socket;
    }

    private static void assertClosedByServer(Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        try {
            assertEquals(-1, in.read(), "the server sends nothing and closes the connection");
        } catch (SocketTimeoutException e) {
            fail("the server did not close the connection");
        } catch (IOException reset) {
            // Closed with unread bytes in the server's buffer: a reset is a close too.
        }
    }

    private static void assertOtherConnectionsWork() throws Exception {
        assertTrue(wellBehaved.isActive());
        assertEquals(ResponseCode.SUCCESS, wellBehaved.invoke(RemotingCommand.request(ECHO).build(),
                Duration.ofSeconds(5)).get(10, TimeUnit.SECONDS).code());
    }

    private static byte[] lengthOnly(int length) {
        return ByteBuffer.allocate(4).putInt(length).array();
    }

    private static byte[] headerLengthOverrun(byte[] header) {
        byte[] frame = frame(0, header, new byte[0]);
        ByteBuffer.wrap(frame).putInt(FrameDescriptor.HEADER_INFO_OFFSET, header.length + 50);
        return frame;
    }

    private static byte[] frame(int typeCode, byte[] header, byte[] body) {
        ByteBuffer frame = ByteBuffer.allocate(FrameDescriptor.HEADER_OFFSET + header.length + body.length);
        frame.putInt(FrameDescriptor.HEADER_INFO_SIZE + header.length + body.length);
        frame.putInt((typeCode << 24) | header.length);
        frame.put(header).put(body);
        return frame.array();
    }
}
