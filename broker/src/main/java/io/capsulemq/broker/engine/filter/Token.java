package io.capsulemq.broker.engine.filter;

/**
 * One token of an SQL92 filter: its kind, where it is in the source (0-based, end exclusive) and, for literals and
 * identifiers, its value (the decoded string, an {@code Integer}, {@code Long} or {@code Double}, or the name).
 */
record Token(TokenKind kind, int start, int end, Object value) {

    /** How an error message names this token: quoted as written, or nothing at the end of the source. */
    String describe(String source) {
        if (kind == TokenKind.END) {
            return "the end";
        }
        String text = source.substring(start, end);
        return kind == TokenKind.STRING ? "the string " + text : "'" + text + "'";
    }
}
