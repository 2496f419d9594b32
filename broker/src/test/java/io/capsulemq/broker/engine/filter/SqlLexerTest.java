package io.capsulemq.broker.engine.filter;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class SqlLexerTest {

    private static List<Token> tokens(String source) {
        SqlLexer lexer = new SqlLexer(source);
        List<Token> tokens = new ArrayList<>();
        Token t;
        do {
            t = lexer.next();
            tokens.add(t);
        } while (t.kind() != TokenKind.END);
        return tokens;
    }

    private static List<TokenKind> kinds(String source) {
        return tokens(source).stream().map(Token::kind).toList();
    }

    private static Object value(String number) {
        return tokens(number).get(0).value();
    }

    @Test
    void shouldTypeIntegersAsIntegerWhenTheyFitElseLong() {
        assertEquals(0, value("0"));
        assertEquals(2147483647, value("2147483647"));
        assertEquals(2147483648L, value("2147483648"));
        assertEquals(42, value("42L"));
        assertEquals(42, value("42l"));
        assertEquals(Long.MAX_VALUE, value("9223372036854775807"));
    }

    @Test
    void shouldReadDecimalsInEveryRocketMqForm() {
        assertEquals(1.5, value("1.5"));
        assertEquals(1.0, value("1."));
        assertEquals(0.5, value(".5"));
        assertEquals(1000.0, value("1e3"));
        assertEquals(1000.0, value("1E+3"));
        assertEquals(0.015, value("1.5e-2"));
        assertEquals(5.0, value("5.E0"));
        assertEquals(0.0, value("0.0"));
        assertEquals(7.5, value("007.5"));
    }

    @Test
    void shouldStopANumberWhereItsGrammarEnds() {
        assertEquals(List.of(TokenKind.INTEGER, TokenKind.IDENTIFIER, TokenKind.END), kinds("5e"));
        assertEquals(List.of(TokenKind.INTEGER, TokenKind.INTEGER, TokenKind.INTEGER, TokenKind.END), kinds("007"));
        assertEquals(List.of(TokenKind.INTEGER, TokenKind.IDENTIFIER, TokenKind.END), kinds("0L"));
        assertEquals(List.of(TokenKind.INTEGER, TokenKind.IDENTIFIER, TokenKind.END), kinds("12abc"));
    }

    @Test
    void shouldReadOperatorsWithAndWithoutBlanks() {
        assertEquals(List.of(TokenKind.IDENTIFIER, TokenKind.LE, TokenKind.INTEGER, TokenKind.AND, TokenKind.IDENTIFIER,
                        TokenKind.NE, TokenKind.MINUS, TokenKind.DECIMAL, TokenKind.OR, TokenKind.LPAREN,
                        TokenKind.IDENTIFIER, TokenKind.GE, TokenKind.PLUS, TokenKind.INTEGER, TokenKind.RPAREN,
                        TokenKind.END),
                kinds("x<=1 AND y<>-.5 OR(z>=+2)"));
        assertEquals(List.of(TokenKind.LT, TokenKind.GT, TokenKind.EQ, TokenKind.COMMA, TokenKind.END), kinds("< > = ,"));
    }

    @Test
    void shouldMatchKeywordsIgnoringCaseButKeepIdentifiersAsWritten() {
        assertEquals(List.of(TokenKind.NOT, TokenKind.BETWEEN, TokenKind.IN, TokenKind.IS, TokenKind.NULL,
                TokenKind.TRUE, TokenKind.FALSE, TokenKind.AND, TokenKind.OR, TokenKind.END),
                kinds("not Between iN Is nULL true FALSE and oR"));
        Token id = tokens("Inside").get(0);
        assertEquals(TokenKind.IDENTIFIER, id.kind());
        assertEquals("Inside", id.value());
        assertEquals("$a_9", tokens("$a_9").get(0).value());
        assertEquals("_", tokens("_").get(0).value());
    }

    @Test
    void shouldDecodeStringsAndRecordWhereTokensAre() {
        List<Token> tokens = tokens(" 'it''s' ''");
        assertEquals("it's", tokens.get(0).value());
        assertEquals(1, tokens.get(0).start());
        assertEquals(8, tokens.get(0).end());
        assertEquals("", tokens.get(1).value());
        assertEquals(11, tokens.get(2).start(), "the end is one past the last character");
    }

    @Test
    void shouldSkipBlanksAndComments() {
        assertEquals(List.of(TokenKind.IDENTIFIER, TokenKind.EQ, TokenKind.INTEGER, TokenKind.END),
                kinds("\t a /* x * / y **/\r\n=\f-- rest\r1 -- tail\n"));
    }
}
