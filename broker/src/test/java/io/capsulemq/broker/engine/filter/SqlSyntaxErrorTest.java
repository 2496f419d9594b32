package io.capsulemq.broker.engine.filter;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.*;

/** Malformed filters are refused at subscribe time, saying what and where (1-based). */
class SqlSyntaxErrorTest {

    private static FilterSyntaxException refuse(String sql) {
        return assertThrows(FilterSyntaxException.class, () -> Filters.compile(FilterType.SQL92, sql));
    }

    private static void assertRefused(String sql, int position, String reason) {
        FilterSyntaxException e = refuse(sql);
        assertEquals(reason, e.reason(), sql);
        assertEquals(position, e.position(), sql);
    }

    @Test
    void shouldNameExpressionReasonAndPositionInTheMessage() {
        FilterSyntaxException e = refuse("a >");
        assertEquals("SQL92 filter \"a >\" : expected a value at position 4", e.getMessage());
        assertEquals(FilterType.SQL92, e.type());
        assertEquals("a >", e.expression());
        assertEquals(4, e.position());
        assertEquals("expected a value", e.reason());
        assertInstanceOf(IllegalArgumentException.class, e);
    }

    @Test
    void shouldRejectUnclosedString() {
        assertRefused("a = 'abc", 5, "unclosed string");
        assertRefused("a = 'it''s", 5, "unclosed string");
        assertRefused("a IN ('x', 'y)", 12, "unclosed string");
    }

    @Test
    void shouldRejectUnclosedComment() {
        assertRefused("a = 1 /* note", 7, "unclosed comment");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "a =               | 4  | expected a value",
            "a = 1 AND         | 10 | expected a value",
            "a = 1 OR          | 9  | expected a value",
            "AND a = 1         | 1  | expected a value, found 'AND'",
            "a BETWEEN 1       | 12 | expected AND",
            "a BETWEEN 1 5     | 13 | expected AND, found '5'",
            "a BETWEEN 1 AND   | 16 | expected a value",
            "(a = 1            | 7  | expected ')'",
            "(a = 1 b          | 8  | unknown operator 'b'",
            "()                | 2  | expected a value, found ')'",
            "a IS              | 5  | expected NULL",
            "a IS 5            | 6  | expected NULL, found '5'",
            "a IS NOT 'x'      | 10 | expected NULL, found the string 'x'",
            "NOT               | 4  | expected a value",
            "a = -             | 6  | expected a value",
    })
    void shouldRejectMissingOperand(String sql, int position, String reason) {
        assertRefused(sql, position, reason);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "a = 1 )           | 7  | expected end of expression, found ')'",
            "a = 1 'x'         | 7  | expected end of expression, found the string 'x'",
            "a = 1 2           | 7  | expected end of expression, found '2'",
            "a = 1 b = 2       | 7  | unknown operator 'b'",
            "a = 007           | 6  | expected end of expression, found '0'",
            "a = 1.5L          | 8  | unknown operator 'L'",
    })
    void shouldRejectTrailingGarbage(String sql, int position, String reason) {
        assertRefused(sql, position, reason);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "a != 1            | 3  | unexpected character '!'",
            "a == 1            | 4  | expected a value, found '='",
            "a LIKE 'x%'       | 3  | unknown operator 'LIKE'",
            "a CONTAINS 'x'    | 3  | unknown operator 'CONTAINS'",
            "a NOT LIKE 'x%'   | 7  | expected BETWEEN or IN, found 'LIKE'",
            "a = 1 && b = 2    | 7  | unexpected character '&'",
            "a.b = 1           | 2  | unexpected character '.'",
            "a = 1 / 2         | 7  | unexpected character '/'",
            "a = 1;            | 6  | unexpected character ';'",
    })
    void shouldRejectUnknownOperator(String sql, int position, String reason) {
        assertRefused(sql, position, reason);
    }

    @Test
    void shouldRejectDoubleQuotedStrings() {
        assertRefused("a = \"x\"", 5, "unexpected character '\"'");
    }

    @Test
    void shouldNameControlCharactersByCodePoint() {
        assertRefused("a =\u0001 1", 4, "unexpected character U+0001");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "a IN ()           | 7  | expected a string, found ')'",
            "a NOT IN ( )      | 12 | expected a string, found ')'",
            "a IN ('x',)       | 11 | expected a string, found ')'",
            "a IN ('x'         | 10 | expected ',' or ')'",
            "a IN ('x' 'y')    | 11 | expected ',' or ')', found the string 'y'",
            "a IN 'x'          | 6  | expected '(', found the string 'x'",
            "a IN (1, 2)       | 7  | expected a string, found '1'",
    })
    void shouldRejectEmptyOrMalformedInList(String sql, int position, String reason) {
        assertRefused(sql, position, reason);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "a > 'x'               | 5  | '>' compares numbers, found the string 'x'",
            "'x' <= a              | 1  | '<=' compares numbers, found the string 'x'",
            "a < TRUE              | 5  | '<' compares numbers, found TRUE",
            "a >= NULL             | 6  | '>=' compares numbers, found NULL",
            "(a = 1) > 2           | 1  | '>' compares numbers, found a condition",
            "NOT a > 1             | 1  | '>' compares numbers, found a condition",
            "a BETWEEN 'a' AND 'z' | 11 | BETWEEN compares numbers, found the string 'a'",
            "a BETWEEN 1 AND NULL  | 17 | BETWEEN compares numbers, found NULL",
            "a BETWEEN 5 AND 1     | 11 | BETWEEN bounds are reversed: 5 is greater than 1",
            "a BETWEEN 2.5 AND 1   | 11 | BETWEEN bounds are reversed: 2.5 is greater than 1",
            "a = NULL              | 5  | NULL cannot be compared with '=', use IS NULL",
            "NULL <> a             | 1  | NULL cannot be compared with '<>', use IS NULL",
            "TRUE = 1              | 8  | TRUE cannot be compared with the number 1",
            "FALSE = 'x'           | 9  | FALSE cannot be compared with the string 'x'",
            "1 IN ('x')            | 1  | IN needs a property on its left, found the number 1",
            "(a = 1) NOT IN ('x')  | 1  | NOT IN needs a property on its left, found a condition",
            "'x'                   | 1  | expected a condition, found the string 'x'",
            "5                     | 1  | expected a condition, found the number 5",
            "-a                    | 1  | expected a condition, found a negated value",
            "a = 1 AND 5           | 11 | expected a condition, found the number 5",
            "'x' OR a = 1          | 1  | expected a condition, found the string 'x'",
            "NOT 'x'               | 5  | expected a condition, found the string 'x'",
    })
    void shouldRejectOperandsRocketMqRejects(String sql, int position, String reason) {
        assertRefused(sql, position, reason);
    }

    @ParameterizedTest
    @ValueSource(strings = {"a BETWEEN -1 AND -5", "a NOT BETWEEN 5 AND 1", "a > -'x'", "'x' = TRUE", "NULL IS NULL",
            "a = b", "a > b", "NULL OR a = 1", "NOT NULL"})
    void shouldAcceptWhatRocketMqAccepts(String sql) {
        assertDoesNotThrow(() -> Filters.compile(FilterType.SQL92, sql));
    }

    @Test
    void shouldRejectNumbersOutOfRange() {
        assertRefused("a = 9223372036854775808", 5, "number out of range");
        assertRefused("a = -9223372036854775808", 6, "number out of range");
        assertRefused("a = 1e999", 5, "number out of range");
        assertDoesNotThrow(() -> Filters.compile(FilterType.SQL92, "a = 9223372036854775807"));
    }

    @Test
    void shouldRejectAnEmptyFilter() {
        assertRefused("", 1, "expected a condition");
        assertRefused("   ", 4, "expected a condition");
        assertRefused("/* only a comment */", 21, "expected a condition");
        FilterSyntaxException e = refuse(null);
        assertEquals("", e.expression());
        assertEquals(1, e.position());
    }

    @Test
    void shouldReadALineCommentOnlyWhenALineBreakEndsIt() {
        assertRefused("a = 1 -- note", 7, "expected end of expression, found '-'");
        assertEquals("(a > 5)", SqlFilter.compile("a > --5").canonical(), "two minus signs, as in RocketMQ");
    }
}
