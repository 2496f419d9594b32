package io.capsulemq.broker.engine.filter;

/**
 * Splits an SQL92 filter into tokens, one at a time, with the lexical rules of RocketMQ's {@code SelectorParser.jj}:
 * blanks are space, tab, CR, LF and FF; {@code /* *}{@code /} comments and {@code --} comments ended by a line break
 * are skipped; identifiers are {@code [A-Za-z_$][A-Za-z0-9_$]*}; integers are {@code 0} or a digit string without
 * leading zero, optionally suffixed {@code L}, within {@code long} range and typed {@code Integer} when they fit one;
 * decimals are {@code 1.5}, {@code 1.}, {@code .5}, {@code 1e3} and the like, typed {@code Double}; strings are
 * single-quoted with {@code ''} for a quote. Numbers carry no sign: a minus is an operator.
 */
final class SqlLexer {
    private final String source;
    private int pos;

    SqlLexer(String source) {
        this.source = source;
    }

    Token next() {
        skipBlanksAndComments();
        if (pos >= source.length()) {
            return new Token(TokenKind.END, source.length(), source.length(), null);
        }
        char c = source.charAt(pos);
        if (isIdentifierStart(c)) {
            return word();
        }
        if (isDigit(c) || (c == '.' && isDigitAt(pos + 1))) {
            return number();
        }
        if (c == '\'') {
            return string();
        }
        return symbol(c);
    }

    private void skipBlanksAndComments() {
        while (pos < source.length()) {
            char c = source.charAt(pos);
            if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f') {
                pos++;
            } else if (source.startsWith("--", pos) && lineBreakAfter(pos + 2) >= 0) {
                pos = lineBreakAfter(pos + 2) + 1;
            } else if (source.startsWith("/*", pos)) {
                int close = source.indexOf("*/", pos + 2);
                if (close < 0) {
                    throw FilterSyntaxException.sql(source, pos, "unclosed comment");
                }
                pos = close + 2;
            } else {
                return;
            }
        }
    }

    private int lineBreakAfter(int from) {
        for (int i = from; i < source.length(); i++) {
            char c = source.charAt(i);
            if (c == '\n' || c == '\r') {
                return i;
            }
        }
        return -1;
    }

    private Token word() {
        int start = pos;
        pos++;
        while (pos < source.length() && isIdentifierPart(source.charAt(pos))) {
            pos++;
        }
        String word = source.substring(start, pos);
        TokenKind kind = TokenKind.ofWord(word);
        return new Token(kind, start, pos, kind == TokenKind.IDENTIFIER ? word : null);
    }

    private Token number() {
        int start = pos;
        int digitsEnd = skipDigits(start);
        boolean hasDigits = digitsEnd > start;
        int end = digitsEnd;
        boolean decimal = false;
        if (end < source.length() && source.charAt(end) == '.') {
            int fractionEnd = skipDigits(end + 1);
            if (hasDigits || fractionEnd > end + 1) {
                decimal = true;
                end = fractionEnd;
            }
        }
        int exponentEnd = exponentEnd(end);
        if (exponentEnd >= 0) {
            decimal = true;
            end = exponentEnd;
        }
        if (decimal) {
            double value = Double.parseDouble(source.substring(start, end));
            if (Double.isInfinite(value)) {
                throw FilterSyntaxException.sql(source, start, "number out of range");
            }
            pos = end;
            return new Token(TokenKind.DECIMAL, start, end, value);
        }
        if (source.charAt(start) == '0') {
            pos = start + 1;
            return new Token(TokenKind.INTEGER, start, pos, 0);
        }
        end = digitsEnd;
        if (end < source.length() && (source.charAt(end) == 'l' || source.charAt(end) == 'L')) {
            end++;
        }
        long value;
        try {
            value = Long.parseLong(source, start, digitsEnd, 10);
        } catch (NumberFormatException e) {
            throw FilterSyntaxException.sql(source, start, "number out of range");
        }
        pos = end;
        Object typed = value >= Integer.MIN_VALUE && value <= Integer.MAX_VALUE ? (Object) (int) value : value;
        return new Token(TokenKind.INTEGER, start, end, typed);
    }

    /** The end of an exponent ({@code e}, optional sign, digits) starting at {@code from}, or -1 if there is none. */
    private int exponentEnd(int from) {
        if (from >= source.length() || (source.charAt(from) != 'e' && source.charAt(from) != 'E')) {
            return -1;
        }
        int digits = from + 1;
        if (digits < source.length() && (source.charAt(digits) == '+' || source.charAt(digits) == '-')) {
            digits++;
        }
        int end = skipDigits(digits);
        return end > digits ? end : -1;
    }

    private int skipDigits(int from) {
        int i = from;
        while (isDigitAt(i)) {
            i++;
        }
        return i;
    }

    private Token string() {
        int start = pos;
        StringBuilder value = new StringBuilder();
        int from = start + 1;
        while (true) {
            int quote = source.indexOf('\'', from);
            if (quote < 0) {
                throw FilterSyntaxException.sql(source, start, "unclosed string");
            }
            value.append(source, from, quote);
            if (quote + 1 < source.length() && source.charAt(quote + 1) == '\'') {
                value.append('\'');
                from = quote + 2;
            } else {
                pos = quote + 1;
                return new Token(TokenKind.STRING, start, pos, value.toString());
            }
        }
    }

    private Token symbol(char c) {
        int start = pos;
        TokenKind kind = switch (c) {
            case '=' -> TokenKind.EQ;
            case '<' -> followedBy('>') ? TokenKind.NE : followedBy('=') ? TokenKind.LE : TokenKind.LT;
            case '>' -> followedBy('=') ? TokenKind.GE : TokenKind.GT;
            case '(' -> TokenKind.LPAREN;
            case ')' -> TokenKind.RPAREN;
            case ',' -> TokenKind.COMMA;
            case '+' -> TokenKind.PLUS;
            case '-' -> TokenKind.MINUS;
            default -> throw FilterSyntaxException.sql(source, start, "unexpected character " + quoted(c));
        };
        pos += kind == TokenKind.NE || kind == TokenKind.LE || kind == TokenKind.GE ? 2 : 1;
        return new Token(kind, start, pos, null);
    }

    private boolean followedBy(char c) {
        return pos + 1 < source.length() && source.charAt(pos + 1) == c;
    }

    private boolean isDigitAt(int i) {
        return i < source.length() && isDigit(source.charAt(i));
    }

    private static String quoted(char c) {
        return Character.isISOControl(c) || Character.isWhitespace(c)
                ? String.format("U+%04X", (int) c)
                : "'" + c + "'";
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isIdentifierStart(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == '$';
    }

    private static boolean isIdentifierPart(char c) {
        return isIdentifierStart(c) || isDigit(c);
    }
}
