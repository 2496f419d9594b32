package io.capsulemq.broker.engine.filter;

/** The kinds of token in an SQL92 filter; keywords are matched case-insensitively against their names. */
enum TokenKind {
    IDENTIFIER, STRING, INTEGER, DECIMAL,
    AND(true), OR(true), NOT(true), BETWEEN(true), IN(true), IS(true), NULL(true), TRUE(true), FALSE(true),
    EQ, NE, LT, LE, GT, GE, LPAREN, RPAREN, COMMA, PLUS, MINUS,
    END;

    private static final TokenKind[] KEYWORDS = {AND, OR, NOT, BETWEEN, IN, IS, NULL, TRUE, FALSE};

    private final boolean keyword;

    TokenKind() {
        this(false);
    }

    TokenKind(boolean keyword) {
        this.keyword = keyword;
    }

    boolean isKeyword() {
        return keyword;
    }

    /** The keyword a word spells, ignoring case, or {@link #IDENTIFIER}. */
    static TokenKind ofWord(String word) {
        for (TokenKind k : KEYWORDS) {
            if (k.name().equalsIgnoreCase(word)) {
                return k;
            }
        }
        return IDENTIFIER;
    }
}
