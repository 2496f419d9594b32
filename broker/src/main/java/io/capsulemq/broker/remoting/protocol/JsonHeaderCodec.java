package io.capsulemq.broker.remoting.protocol;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufOutputStream;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Writes and reads the JSON header ({@link SerializeType#JSON}). Written as RocketMQ's fastjson2 writes it: the
 * fields in name order, no whitespace, a null remark and empty extFields left out, language and serialize type as
 * names, text as raw UTF-8 (characters beyond the BMP too), control characters escaped with lower-case hex digits
 * (fastjson2 writes 000b where Jackson by default writes 000B). Read leniently: fields in any order, unknown fields
 * skipped, numbers also accepted as strings.
 */
final class JsonHeaderCodec {
    static final String CODE = "code";
    static final String EXT_FIELDS = "extFields";
    static final String FLAG = "flag";
    static final String LANGUAGE = "language";
    static final String OPAQUE = "opaque";
    static final String REMARK = "remark";
    static final String SERIALIZE_TYPE = "serializeTypeCurrentRPC";
    static final String VERSION = "version";

    private static final JsonFactory FACTORY = new JsonFactoryBuilder()
            .disable(StreamWriteFeature.AUTO_CLOSE_TARGET)
            .disable(StreamReadFeature.AUTO_CLOSE_SOURCE)
            .disable(JsonWriteFeature.WRITE_HEX_UPPER_CASE)
            .enable(JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8)
            .build();

    private JsonHeaderCodec() {
    }

    /** Writes the header of {@code command} at the writer index of {@code out}. */
    static void encode(RemotingCommand command, ByteBuf out) {
        if (isPlain(command)) {
            encodePlain(command, out);
        } else {
            encodeEscaped(command, out);
        }
    }

    /**
     * Whether every text of the header is printable ASCII that JSON writes as it is (no quote, no backslash): then
     * {@link #encodePlain} writes the same bytes as the generator, without one. Most headers are such, every send's
     * answer among them.
     */
    static boolean isPlain(RemotingCommand command) {
        if (command.remark() != null && !isPlain(command.remark())) {
            return false;
        }
        for (Map.Entry<String, String> field : command.extFields().entrySet()) {
            if (!isPlain(field.getKey()) || !isPlain(field.getValue())) {
                return false;
            }
        }
        return true;
    }

    private static boolean isPlain(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c > 0x7e || c == '"' || c == '\\') {
                return false;
            }
        }
        return true;
    }

    /** The header as {@link #encodeEscaped} writes it, for a command whose texts need no escaping. */
    static void encodePlain(RemotingCommand command, ByteBuf out) {
        out.writeByte('{');
        plainName(out, CODE).writeCharSequence(Integer.toString(command.code()), StandardCharsets.US_ASCII);
        if (!command.extFields().isEmpty()) {
            out.writeByte(',');
            plainName(out, EXT_FIELDS).writeByte('{');
            boolean first = true;
            for (Map.Entry<String, String> field : command.extFields().entrySet()) {
                if (!first) {
                    out.writeByte(',');
                }
                first = false;
                plainString(plainName(out, field.getKey()), field.getValue());
            }
            out.writeByte('}');
        }
        out.writeByte(',');
        plainName(out, FLAG).writeCharSequence(Integer.toString(command.flag()), StandardCharsets.US_ASCII);
        out.writeByte(',');
        plainString(plainName(out, LANGUAGE), command.language().name());
        out.writeByte(',');
        plainName(out, OPAQUE).writeCharSequence(Integer.toString(command.opaque()), StandardCharsets.US_ASCII);
        if (command.remark() != null) {
            out.writeByte(',');
            plainString(plainName(out, REMARK), command.remark());
        }
        out.writeByte(',');
        plainString(plainName(out, SERIALIZE_TYPE), SerializeType.JSON.name());
        out.writeByte(',');
        plainName(out, VERSION).writeCharSequence(Integer.toString(command.version()), StandardCharsets.US_ASCII);
        out.writeByte('}');
    }

    private static ByteBuf plainName(ByteBuf out, String name) {
        return plainString(out, name).writeByte(':');
    }

    private static ByteBuf plainString(ByteBuf out, String text) {
        out.writeByte('"');
        out.writeCharSequence(text, StandardCharsets.US_ASCII);
        return out.writeByte('"');
    }

    /** The header through Jackson's generator, which escapes what JSON needs escaped as fastjson2 does. */
    static void encodeEscaped(RemotingCommand command, ByteBuf out) {
        try (OutputStream stream = new ByteBufOutputStream(out);
             JsonGenerator json = FACTORY.createGenerator(stream, JsonEncoding.UTF8)) {
            json.writeStartObject();
            json.writeNumberField(CODE, command.code());
            if (!command.extFields().isEmpty()) {
                json.writeObjectFieldStart(EXT_FIELDS);
                for (Map.Entry<String, String> field : command.extFields().entrySet()) {
                    json.writeStringField(field.getKey(), field.getValue());
                }
                json.writeEndObject();
            }
            json.writeNumberField(FLAG, command.flag());
            json.writeStringField(LANGUAGE, command.language().name());
            json.writeNumberField(OPAQUE, command.opaque());
            if (command.remark() != null) {
                json.writeStringField(REMARK, command.remark());
            }
            json.writeStringField(SERIALIZE_TYPE, SerializeType.JSON.name());
            json.writeNumberField(VERSION, command.version());
            json.writeEndObject();
        } catch (IOException e) {
            throw new RemotingProtocolException("cannot write JSON header of " + command + ": " + e.getMessage(), e);
        }
    }

    /** Reads a header that fills {@code header}'s readable bytes exactly into {@code builder}. */
    static void decode(ByteBuf header, RemotingCommand.Builder builder) {
        byte[] bytes;
        int offset;
        int length = header.readableBytes();
        if (header.hasArray()) {
            bytes = header.array();
            offset = header.arrayOffset() + header.readerIndex();
        } else {
            bytes = new byte[length];
            header.getBytes(header.readerIndex(), bytes);
            offset = 0;
        }
        try (JsonParser json = FACTORY.createParser(bytes, offset, length)) {
            if (json.nextToken() != JsonToken.START_OBJECT) {
                throw malformed("is not an object");
            }
            while (json.nextToken() == JsonToken.FIELD_NAME) {
                String field = json.currentName();
                JsonToken value = json.nextToken();
                switch (field) {
                    case CODE -> builder.code(readInt(json, field));
                    case FLAG -> builder.flag(readInt(json, field));
                    case OPAQUE -> builder.opaque(readInt(json, field));
                    case VERSION -> builder.version(readInt(json, field));
                    case LANGUAGE -> {
                        if (value == JsonToken.VALUE_NUMBER_INT) {
                            builder.language(LanguageCode.fromCode((byte) json.getIntValue()));
                        } else if (value != JsonToken.VALUE_NULL) {
                            builder.language(LanguageCode.fromName(readText(json, field)));
                        }
                    }
                    case REMARK -> builder.remark(value == JsonToken.VALUE_NULL ? null : readText(json, field));
                    case EXT_FIELDS -> readExtFields(json, builder);
                    default -> json.skipChildren();
                }
            }
            if (json.currentToken() != JsonToken.END_OBJECT || json.nextToken() != null) {
                throw malformed("has content after its object");
            }
            header.skipBytes(length);
        } catch (IOException e) {
            throw new RemotingProtocolException("malformed JSON header: " + e.getMessage(), e);
        }
    }

    private static void readExtFields(JsonParser json, RemotingCommand.Builder builder) throws IOException {
        if (json.currentToken() == JsonToken.VALUE_NULL) {
            return;
        }
        if (json.currentToken() != JsonToken.START_OBJECT) {
            throw malformed("has extFields that are not an object");
        }
        while (json.nextToken() == JsonToken.FIELD_NAME) {
            String name = json.currentName();
            JsonToken value = json.nextToken();
            if (value != JsonToken.VALUE_NULL) {
                builder.extField(name, readText(json, EXT_FIELDS + "." + name));
            }
        }
    }

    private static int readInt(JsonParser json, String field) throws IOException {
        JsonToken token = json.currentToken();
        if (token == JsonToken.VALUE_NUMBER_INT) {
            return json.getIntValue();
        }
        if (token == JsonToken.VALUE_STRING) {
            try {
                return Integer.parseInt(json.getText().trim());
            } catch (NumberFormatException e) {
                throw malformed("has a " + field + " that is not an int: " + json.getText());
            }
        }
        throw malformed("has a " + field + " that is not an int: " + token);
    }

    private static String readText(JsonParser json, String field) throws IOException {
        if (!json.currentToken().isScalarValue()) {
            throw malformed("has a " + field + " that is not a scalar value");
        }
        return json.getText();
    }

    private static RemotingProtocolException malformed(String what) {
        return new RemotingProtocolException("malformed JSON header: it " + what);
    }
}
