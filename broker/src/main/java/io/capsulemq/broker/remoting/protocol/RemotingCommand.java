package io.capsulemq.broker.remoting.protocol;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One remoting command, request or response, as it travels in a frame: code, language, version, opaque, flag,
 * remark, extFields (the request's or response's typed header, flattened to strings) and body. Immutable; build one
 * with {@link #request(int)}, {@link #response(int)} or {@link #toBuilder()}.
 *
 * <p>The body array is handed over, not copied: neither the builder's caller nor a reader of {@link #body()} may
 * change it afterwards.
 */
public final class RemotingCommand {
    /** Flag bit set on responses. */
    public static final int FLAG_RESPONSE = 1;
    /** Flag bit set on requests that want no response. */
    public static final int FLAG_ONEWAY = 1 << 1;

    private static final byte[] NO_BODY = new byte[0];

    private final int code;
    private final LanguageCode language;
    private final int version;
    private final int opaque;
    private final int flag;
    private final String remark;
    private final Map<String, String> extFields;
    private final byte[] body;
    private final SerializeType serializeType;

    private RemotingCommand(Builder builder) {
        this.code = builder.code;
        this.language = builder.language;
        this.version = builder.version;
        this.opaque = builder.opaque;
        this.flag = builder.flag;
        this.remark = builder.remark;
        this.extFields = builder.frozenExtFields();
        this.body = builder.body;
        this.serializeType = builder.serializeType;
    }

    /** A request with this code: JSON header, Java language, version 0, opaque 0 (the transport assigns one). */
    public static Builder request(int code) {
        return new Builder(code, 0);
    }

    /** A response with this code; the transport copies opaque and serialize type from the request it answers. */
    public static Builder response(int code) {
        return new Builder(code, FLAG_RESPONSE);
    }

    /** A response with this code and remark. */
    public static RemotingCommand response(int code, String remark) {
        return response(code).remark(remark).build();
    }

    public int code() {
        return code;
    }

    public LanguageCode language() {
        return language;
    }

    public int version() {
        return version;
    }

    /** The id that pairs a response with its request on one connection. */
    public int opaque() {
        return opaque;
    }

    /** All flag bits, including any this class has no name for. */
    public int flag() {
        return flag;
    }

    public boolean isResponse() {
        return (flag & FLAG_RESPONSE) != 0;
    }

    public boolean isRequest() {
        return !isResponse();
    }

    public boolean isOneway() {
        return (flag & FLAG_ONEWAY) != 0;
    }

    /** The remark (usually an error text), or null. */
    public String remark() {
        return remark;
    }

    /** The extFields in the order they were added or read; never null, unmodifiable. */
    public Map<String, String> extFields() {
        return extFields;
    }

    /** One extField, or null. */
    public String extField(String name) {
        return extFields.get(name);
    }

    /** The body; empty (never null) when the frame has none. Not a copy: do not change it. */
    public byte[] body() {
        return body;
    }

    /** How this command's header is (or was) written. */
    public SerializeType serializeType() {
        return serializeType;
    }

    public Builder toBuilder() {
        Builder builder = new Builder(code, flag);
        builder.language = language;
        builder.version = version;
        builder.opaque = opaque;
        builder.remark = remark;
        builder.shareExtFields(extFields);
        builder.body = body;
        builder.serializeType = serializeType;
        return builder;
    }

    @Override
    public boolean equals(Object other) {
        if (this == other) {
            return true;
        }
        if (!(other instanceof RemotingCommand that)) {
            return false;
        }
        return code == that.code && language == that.language && version == that.version && opaque == that.opaque
                && flag == that.flag && Objects.equals(remark, that.remark) && extFields.equals(that.extFields)
                && Arrays.equals(body, that.body) && serializeType == that.serializeType;
    }

    @Override
    public int hashCode() {
        return Objects.hash(code, opaque, flag, remark, extFields) * 31 + Arrays.hashCode(body);
    }

    @Override
    public String toString() {
        return (isResponse() ? "Response" : "Request") + "[code=" + code + ", opaque=" + opaque + ", flag=" + flag
                + ", language=" + language + ", version=" + version + ", serializeType=" + serializeType
                + (remark == null ? "" : ", remark=" + remark) + ", extFields=" + extFields
                + ", body=" + body.length + " bytes]";
    }

    /**
     * Collects a command's parts; extFields keep the order they are added in. The extFields are copied only when
     * needed: a command built from a builder that nobody changes after {@link #toBuilder()} shares its fields with
     * the original, and building hands the builder's map over instead of copying it (the builder copies before its
     * next change). Requests and responses pass through several builders on their way, so this saves a map copy
     * at each step.
     */
    public static final class Builder {
        private int code;
        private LanguageCode language = LanguageCode.JAVA;
        private int version;
        private int opaque;
        private int flag;
        private String remark;
        /** The fields so far; an unmodifiable map shared with a built command while {@code shared} is set. */
        private Map<String, String> extFields = Map.of();
        private boolean shared = true;
        private byte[] body = NO_BODY;
        private SerializeType serializeType = SerializeType.JSON;

        private Builder(int code, int flag) {
            this.code = code;
            this.flag = flag;
        }

        public Builder code(int code) {
            this.code = code;
            return this;
        }

        public Builder language(LanguageCode language) {
            this.language = Objects.requireNonNull(language, "language");
            return this;
        }

        public Builder version(int version) {
            this.version = version;
            return this;
        }

        public Builder opaque(int opaque) {
            this.opaque = opaque;
            return this;
        }

        /** Replaces all flag bits. */
        public Builder flag(int flag) {
            this.flag = flag;
            return this;
        }

        /** Marks a response. */
        public Builder markResponse() {
            this.flag |= FLAG_RESPONSE;
            return this;
        }

        /** Marks a request that wants no response. */
        public Builder markOneway() {
            this.flag |= FLAG_ONEWAY;
            return this;
        }

        public Builder remark(String remark) {
            this.remark = remark;
            return this;
        }

        /** Adds or replaces one extField; a null value removes it. */
        public Builder extField(String name, String value) {
            Objects.requireNonNull(name, "extField name");
            if (value == null) {
                if (extFields.containsKey(name)) {
                    writableExtFields().remove(name);
                }
            } else {
                writableExtFields().put(name, value);
            }
            return this;
        }

        /** Adds or replaces these extFields, in the map's iteration order; null values are skipped. */
        public Builder extFields(Map<String, String> fields) {
            fields.forEach((name, value) -> {
                if (name != null && value != null) {
                    writableExtFields().put(name, value);
                }
            });
            return this;
        }

        /** Starts from the (unmodifiable) fields of a built command, copying them only if they are changed. */
        private void shareExtFields(Map<String, String> fields) {
            extFields = fields;
            shared = true;
        }

        private Map<String, String> writableExtFields() {
            if (shared) {
                extFields = new LinkedHashMap<>(extFields);
                shared = false;
            }
            return extFields;
        }

        /** The fields for a command being built; the builder will copy them before changing them again. */
        private Map<String, String> frozenExtFields() {
            if (!shared) {
                extFields = extFields.isEmpty() ? Map.of() : Collections.unmodifiableMap(extFields);
                shared = true;
            }
            return extFields;
        }

        /** Hands the body over (not copied); null means none. */
        public Builder body(byte[] body) {
            this.body = body == null ? NO_BODY : body;
            return this;
        }

        public Builder serializeType(SerializeType serializeType) {
            this.serializeType = Objects.requireNonNull(serializeType, "serializeType");
            return this;
        }

        public RemotingCommand build() {
            return new RemotingCommand(this);
        }
    }
}
