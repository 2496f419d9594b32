package io.capsulemq.broker.remoting.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import static io.capsulemq.broker.remoting.protocol.BinaryHeaderDescriptor.EXT_FIELDS_LENGTH_SIZE;
import static io.capsulemq.broker.remoting.protocol.BinaryHeaderDescriptor.KEY_LENGTH_SIZE;
import static io.capsulemq.broker.remoting.protocol.BinaryHeaderDescriptor.MAX_KEY_LENGTH;
import static io.capsulemq.broker.remoting.protocol.BinaryHeaderDescriptor.MIN_HEADER_LENGTH;
import static io.capsulemq.broker.remoting.protocol.BinaryHeaderDescriptor.VALUE_LENGTH_SIZE;

/**
 * Writes and reads the binary header ({@link SerializeType#ROCKETMQ}); the layout is {@link BinaryHeaderDescriptor}.
 * Reading is strict: every length must fit, and the extFields must end exactly where the header does.
 */
final class BinaryHeaderCodec {
    private BinaryHeaderCodec() {
    }

    /** Writes the header of {@code command} at the writer index of {@code out}. */
    static void encode(RemotingCommand command, ByteBuf out) {
        requireShort("code", command.code());
        requireShort("version", command.version());
        out.writeShort(command.code());
        out.writeByte(command.language().code());
        out.writeShort(command.version());
        out.writeInt(command.opaque());
        out.writeInt(command.flag());
        String remark = command.remark();
        if (remark == null || remark.isEmpty()) {
            out.writeInt(0);
        } else {
            out.writeInt(ByteBufUtil.utf8Bytes(remark));
            ByteBufUtil.writeUtf8(out, remark);
        }
        int extFieldsLengthIndex = out.writerIndex();
        out.writeInt(0);
        for (Map.Entry<String, String> field : command.extFields().entrySet()) {
            int keyLength = ByteBufUtil.utf8Bytes(field.getKey());
            if (keyLength > MAX_KEY_LENGTH) {
                throw new RemotingProtocolException("extField name of " + keyLength + " bytes exceeds the binary "
                        + "header's limit of " + MAX_KEY_LENGTH);
            }
            out.writeShort(keyLength);
            ByteBufUtil.writeUtf8(out, field.getKey());
            out.writeInt(ByteBufUtil.utf8Bytes(field.getValue()));
            ByteBufUtil.writeUtf8(out, field.getValue());
        }
        out.setInt(extFieldsLengthIndex, out.writerIndex() - extFieldsLengthIndex - EXT_FIELDS_LENGTH_SIZE);
    }

    /** Reads a header that fills {@code header}'s readable bytes exactly into {@code builder}. */
    static void decode(ByteBuf header, RemotingCommand.Builder builder) {
        if (header.readableBytes() < MIN_HEADER_LENGTH) {
            throw new RemotingProtocolException("binary header of " + header.readableBytes()
                    + " bytes is shorter than the minimum of " + MIN_HEADER_LENGTH);
        }
        builder.code(header.readShort())
                .language(LanguageCode.fromCode(header.readByte()))
                .version(header.readShort())
                .opaque(header.readInt())
                .flag(header.readInt());
        int remarkLength = header.readInt();
        if (remarkLength < 0 || remarkLength > header.readableBytes() - EXT_FIELDS_LENGTH_SIZE) {
            throw new RemotingProtocolException("binary header remark length " + remarkLength
                    + " does not fit the header");
        }
        builder.remark(remarkLength == 0 ? null : readUtf8(header, remarkLength));
        int extFieldsLength = header.readInt();
        if (extFieldsLength != header.readableBytes()) {
            throw new RemotingProtocolException("binary header extFields length " + extFieldsLength
                    + " does not match the " + header.readableBytes() + " bytes left in the header");
        }
        while (header.isReadable()) {
            String name = readUtf8(header, readLength(header, KEY_LENGTH_SIZE));
            String value = readUtf8(header, readLength(header, VALUE_LENGTH_SIZE));
            builder.extField(name, value);
        }
    }

    private static int readLength(ByteBuf header, int lengthSize) {
        if (header.readableBytes() < lengthSize) {
            throw new RemotingProtocolException("binary header extFields end inside an entry's length");
        }
        int length = lengthSize == KEY_LENGTH_SIZE ? header.readShort() : header.readInt();
        if (length < 0 || length > header.readableBytes()) {
            throw new RemotingProtocolException("binary header extFields entry length " + length
                    + " does not fit the " + header.readableBytes() + " bytes left");
        }
        return length;
    }

    private static String readUtf8(ByteBuf header, int length) {
        String text = header.toString(header.readerIndex(), length, StandardCharsets.UTF_8);
        header.skipBytes(length);
        return text;
    }

    private static void requireShort(String field, int value) {
        if (value < Short.MIN_VALUE || value > Short.MAX_VALUE) {
            throw new RemotingProtocolException(field + " " + value + " does not fit the binary header's short; "
                    + "send this command with a JSON header");
        }
    }
}
