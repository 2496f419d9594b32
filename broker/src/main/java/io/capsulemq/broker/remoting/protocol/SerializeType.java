package io.capsulemq.broker.remoting.protocol;

import java.util.Optional;

/** How a frame's header is written: the top byte of the frame's second int says which. */
public enum SerializeType {
    /** A JSON object, as RocketMQ's Java client writes by default. */
    JSON(0),
    /** RocketMQ's compact binary layout (see {@link BinaryHeaderDescriptor}). */
    ROCKETMQ(1);

    private final int code;

    SerializeType(int code) {
        this.code = code;
    }

    /** The value of the type byte. */
    public int code() {
        return code;
    }

    /** The type a type byte names, or empty for a byte no type has. */
    public static Optional<SerializeType> fromCode(int code) {
        for (SerializeType type : values()) {
            if (type.code == code) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }
}
