package io.capsulemq.broker.remoting.protocol;

/**
 * The language a peer says it is written in: a byte in the binary header, the constant's name in the JSON header.
 * A code or name this table does not know reads as {@link #OTHER}, so a new client language never fails a frame.
 */
public enum LanguageCode {
    JAVA(0),
    CPP(1),
    DOTNET(2),
    PYTHON(3),
    DELPHI(4),
    ERLANG(5),
    RUBY(6),
    OTHER(7),
    HTTP(8),
    GO(9),
    PHP(10),
    OMS(11),
    RUST(12),
    NODE_JS(13);

    private static final LanguageCode[] BY_CODE = new LanguageCode[NODE_JS.code + 1];
    /** Every language, looked through for each JSON header read ({@code values()} would copy the array each time). */
    private static final LanguageCode[] ALL = values();

    static {
        for (LanguageCode language : ALL) {
            BY_CODE[language.code] = language;
        }
    }

    private final byte code;

    LanguageCode(int code) {
        this.code = (byte) code;
    }

    /** The byte the binary header carries. */
    public byte code() {
        return code;
    }

    /** The language of a binary header's byte; {@link #OTHER} for a byte no language has. */
    public static LanguageCode fromCode(byte code) {
        return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : OTHER;
    }

    /** The language of a JSON header's name; {@link #OTHER} for a name no language has. */
    public static LanguageCode fromName(String name) {
        for (LanguageCode language : ALL) {
            if (language.name().equals(name)) {
                return language;
            }
        }
        return OTHER;
    }
}
