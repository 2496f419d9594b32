package io.capsulemq.bench.fuzz;

import io.capsulemq.broker.remoting.protocol.CommandCodec;
import io.capsulemq.broker.remoting.protocol.FrameDescriptor;
import io.capsulemq.broker.remoting.protocol.LanguageCode;
import io.capsulemq.broker.remoting.protocol.RemotingCommand;
import io.capsulemq.broker.remoting.protocol.RemotingProtocolException;
import io.capsulemq.broker.remoting.protocol.RequestCode;
import io.capsulemq.broker.remoting.protocol.SerializeType;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Makes the units a fuzzing connection writes, one at a time: mostly requests that are well-formed frames (any
 * request code, header fields plausible or garbage, bodies well-formed or broken), sometimes a frame damaged at the
 * frame level (lengths, header type and length, header bytes, truncation, random bytes, oversized lengths) and,
 * rarely, a legal frame of several MiB. Reproducible for a given seed.
 */
final class FrameGenerator {

    /** What a unit is, for the report. */
    enum Kind {
        REQUEST, HEADER_BYTES, BODY_BYTES, LENGTH_FIELD, HEADER_INFO, TRUNCATED, RANDOM_BYTES, OVERSIZED,
        TRAILING_JUNK, LARGE
    }

    record Unit(Kind kind, byte[] bytes) {
    }

    /** One unit in this many is damaged at the frame level. */
    private static final int DAMAGED_ONE_IN = 12;
    /** One unit in this many is a legal frame of 1 to 8 MiB. */
    private static final int LARGE_ONE_IN = 20_000;

    private final SplittableRandom random;
    private final FieldValues values;
    private final ByteMutator bytes;
    private final BodyGenerator bodies;
    private final int maxFrameBytes;
    private int nextOpaque;

    FrameGenerator(long seed, int maxFrameBytes) {
        this.random = new SplittableRandom(seed);
        this.values = new FieldValues(random);
        this.bytes = new ByteMutator(random);
        this.bodies = new BodyGenerator(random, values, bytes);
        this.maxFrameBytes = maxFrameBytes;
    }

    /** The next unit for a connection to {@code port}. */
    Unit next(RequestShapes.Port port) {
        if (random.nextInt(LARGE_ONE_IN) == 0) {
            return new Unit(Kind.LARGE, large());
        }
        if (random.nextInt(DAMAGED_ONE_IN) != 0) {
            return new Unit(Kind.REQUEST, request(port));
        }
        byte[] frame = request(port);
        return switch (random.nextInt(16)) {
            case 0, 1, 2 -> new Unit(Kind.HEADER_BYTES, mutateRegion(frame, true));
            case 3, 4 -> new Unit(Kind.BODY_BYTES, mutateRegion(frame, false));
            case 5, 6 -> new Unit(Kind.LENGTH_FIELD, withInt(frame, 0, bytes.interestingInt(frame.length - 4)));
            case 7, 8 -> new Unit(Kind.HEADER_INFO, headerInfo(frame));
            case 9, 10 -> new Unit(Kind.TRUNCATED, Arrays.copyOf(frame, random.nextInt(frame.length)));
            case 11, 12 -> new Unit(Kind.RANDOM_BYTES, randomBytes());
            case 13 -> new Unit(Kind.OVERSIZED, oversized(frame));
            default -> new Unit(Kind.TRAILING_JUNK, concat(frame, bytes.randomBytes(1 + random.nextInt(64))));
        };
    }

    /** A request frame, well-formed as a frame whatever its fields and body hold. */
    byte[] request(RequestShapes.Port port) {
        int code;
        RequestShapes.Shape shape;
        int roll = random.nextInt(20);
        if (roll < 17) {
            List<RequestShapes.Shape> served = RequestShapes.servedOn(roll == 0 ? other(port) : port);
            shape = served.get(random.nextInt(served.size()));
            code = shape.code();
        } else if (roll < 19) {
            code = RequestShapes.KNOWN_CODES[random.nextInt(RequestShapes.KNOWN_CODES.length)];
            shape = RequestShapes.of(code);
        } else {
            code = random.nextBoolean() ? random.nextInt() : random.nextInt(Short.MIN_VALUE, Short.MAX_VALUE + 1);
            shape = RequestShapes.of(code);
        }
        RemotingCommand.Builder request = RemotingCommand.request(code)
                .opaque(random.nextInt(50) == 0 ? random.nextInt() : nextOpaque++)
                .language(random.nextInt(10) == 0
                        ? LanguageCode.values()[random.nextInt(LanguageCode.values().length)] : LanguageCode.JAVA)
                .version(random.nextInt(10) == 0 ? random.nextInt(Short.MIN_VALUE, Short.MAX_VALUE + 1) : 0);
        switch (random.nextInt(100)) {
            case 0, 1, 2, 3, 4 -> request.markOneway();
            case 5 -> request.markResponse();
            case 6 -> request.flag(random.nextInt());
            default -> { }
        }
        if (random.nextInt(20) == 0) {
            request.remark(values.garbage());
        }
        List<String> fields = shape != null ? shape.fields() : RequestShapes.ALL_FIELDS;
        boolean plausible = shape != null && random.nextInt(10) < 7;
        for (String field : fields) {
            if (plausible ? random.nextInt(12) == 0 : random.nextInt(3) != 0) {
                continue; // left out
            }
            request.extField(field, values.value(field, plausible ? random.nextInt(8) == 0 : random.nextBoolean()));
        }
        for (int i = random.nextInt(4) == 0 ? random.nextInt(4) : 0; i > 0; i--) {
            request.extField(random.nextBoolean() ? values.garbage() : values.pick(RequestShapes.ALL_FIELDS),
                    values.garbage());
        }
        request.body(bodies.body(shape != null ? shape.body() : RequestShapes.BodyKind.NONE));
        boolean binary = random.nextInt(3) == 0;
        RemotingCommand command = request.serializeType(binary ? SerializeType.ROCKETMQ : SerializeType.JSON).build();
        try {
            return CommandCodec.encode(command);
        } catch (RemotingProtocolException tooBigForBinary) {
            return CommandCodec.encode(command.toBuilder().serializeType(SerializeType.JSON).build());
        }
    }

    private static RequestShapes.Port other(RequestShapes.Port port) {
        return port == RequestShapes.Port.BROKER ? RequestShapes.Port.NAMESRV : RequestShapes.Port.BROKER;
    }

    /** The frame with its header's (or body's) bytes damaged and both length fields made to fit again. */
    private byte[] mutateRegion(byte[] frame, boolean header) {
        ByteBuffer in = ByteBuffer.wrap(frame);
        int headerInfo = in.getInt(FrameDescriptor.HEADER_INFO_OFFSET);
        int headerLength = FrameDescriptor.headerLength(headerInfo);
        int headerEnd = FrameDescriptor.HEADER_OFFSET + headerLength;
        byte[] head = Arrays.copyOfRange(frame, FrameDescriptor.HEADER_OFFSET, headerEnd);
        byte[] body = Arrays.copyOfRange(frame, headerEnd, frame.length);
        if (header) {
            head = bytes.mutate(head);
            if (head.length > FrameDescriptor.MAX_HEADER_LENGTH) {
                head = Arrays.copyOf(head, FrameDescriptor.MAX_HEADER_LENGTH);
            }
        } else {
            body = bytes.mutate(body);
        }
        ByteBuffer out = ByteBuffer.allocate(FrameDescriptor.HEADER_OFFSET + head.length + body.length);
        out.putInt(FrameDescriptor.HEADER_INFO_SIZE + head.length + body.length)
                .putInt((headerInfo & ~FrameDescriptor.MAX_HEADER_LENGTH) | head.length)
                .put(head).put(body);
        return out.array();
    }

    /** The frame with a serialize type no one has, or a header length that lies. */
    private byte[] headerInfo(byte[] frame) {
        int info = ByteBuffer.wrap(frame).getInt(FrameDescriptor.HEADER_INFO_OFFSET);
        int length = FrameDescriptor.headerLength(info);
        int type = FrameDescriptor.serializeTypeCode(info);
        if (random.nextBoolean()) {
            type = 2 + random.nextInt(254);
        } else {
            length = bytes.interestingInt(length) & FrameDescriptor.MAX_HEADER_LENGTH;
        }
        return withInt(frame, FrameDescriptor.HEADER_INFO_OFFSET, (type << FrameDescriptor.SERIALIZE_TYPE_SHIFT)
                | length);
    }

    /** A frame whose length field claims more than the limit; only its first bytes follow. */
    private byte[] oversized(byte[] frame) {
        int claimed = switch (random.nextInt(3)) {
            case 0 -> maxFrameBytes - FrameDescriptor.LENGTH_SIZE + 1;
            case 1 -> Integer.MAX_VALUE;
            default -> maxFrameBytes + random.nextInt(Integer.MAX_VALUE - maxFrameBytes);
        };
        byte[] start = Arrays.copyOf(frame, Math.min(frame.length, 4 + random.nextInt(64)));
        return withInt(start, 0, claimed);
    }

    private byte[] randomBytes() {
        byte[] junk = bytes.randomBytes(1 + random.nextInt(random.nextInt(8) == 0 ? 65_536 : 512));
        if (junk.length >= 8 && random.nextBoolean()) {
            // A plausible length, so the junk reaches the header decoding.
            ByteBuffer.wrap(junk).putInt(0, junk.length - 4).putInt(4, random.nextInt(2) << 24
                    | random.nextInt(Math.max(1, junk.length - 8)));
        }
        return junk;
    }

    /** A legal send of 1 to 8 MiB to a topic of the pool (larger than the broker's message limit sometimes). */
    private byte[] large() {
        RemotingCommand command = RemotingCommand.request(RequestCode.SEND_MESSAGE)
                .opaque(nextOpaque++)
                .extField("producerGroup", values.pick(FieldValues.GROUPS))
                .extField("topic", values.pick(FieldValues.TOPICS))
                .extField("defaultTopic", "TBW102")
                .extField("defaultTopicQueueNums", "4")
                .extField("queueId", Integer.toString(random.nextInt(4)))
                .extField("sysFlag", "0")
                .extField("bornTimestamp", Long.toString(System.currentTimeMillis()))
                .extField("flag", "0")
                .body(bytes.randomBytes((1 << 20) + random.nextInt(7 << 20)))
                .build();
        return CommandCodec.encode(command);
    }

    private static byte[] withInt(byte[] frame, int offset, int value) {
        byte[] out = frame.clone();
        if (out.length >= offset + 4) {
            ByteBuffer.wrap(out).putInt(offset, value);
        }
        return out;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
