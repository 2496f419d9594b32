package io.capsulemq.broker.engine.filter;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** How expressions group: NOT binds tightest, then comparisons, then AND, then OR. */
class SqlPrecedenceTest {

    private static String canonical(String sql) {
        return SqlFilter.compile(sql).canonical();
    }

    private static boolean matches(String sql) {
        return SqlFilter.compile(sql).matches(Map.of());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "a = 1 OR b = 2 AND c = 3               | ((a = 1) OR ((b = 2) AND (c = 3)))",
            "a = 1 AND b = 2 OR c = 3               | (((a = 1) AND (b = 2)) OR (c = 3))",
            "a = 1 OR b = 2 OR c = 3                | (((a = 1) OR (b = 2)) OR (c = 3))",
            "NOT (a = 1) AND b = 2 OR c = 3         | (((NOT (a = 1)) AND (b = 2)) OR (c = 3))",
            "NOT a = 1                              | ((NOT a) = 1)",
            "NOT NOT a                              | (NOT (NOT a))",
            "(a = 1 OR b = 2) AND c = 3             | (((a = 1) OR (b = 2)) AND (c = 3))",
            "a BETWEEN 1 AND 5 AND s = 'x'          | (((a >= 1) AND (a <= 5)) AND (s = 'x'))",
            "a NOT BETWEEN 1 AND 5 OR s = 'x'       | (((a < 1) OR (a > 5)) OR (s = 'x'))",
            "a > 1 = TRUE                           | ((a > 1) = TRUE)",
            "a = 1 IS NULL                          | ((a = 1) IS NULL)",
            "a IS NOT NULL AND b <> 'x'             | ((NOT (a IS NULL)) AND (NOT (b = 'x')))",
            "s NOT IN ('x', 'it''s') AND a IN ('y') | ((s NOT IN ('x', 'it''s')) AND (a IN ('y')))",
            "a > -5 AND b < - -2.5                  | ((a > -5) AND (b < 2.5))",
            "a AND b                                | (a AND b)",
    })
    void shouldGroupAsRocketMqDoes(String sql, String expected) {
        assertEquals(expected, canonical(sql));
    }

    @Test
    void shouldBindAndTighterThanOr() {
        assertTrue(matches("TRUE OR TRUE AND FALSE"));
        assertFalse(matches("(TRUE OR TRUE) AND FALSE"));
        assertTrue(matches("FALSE AND FALSE OR TRUE"));
    }

    @Test
    void shouldBindNotTighterThanAnd() {
        assertFalse(matches("NOT FALSE AND FALSE"));
        assertTrue(matches("NOT (FALSE AND FALSE)"));
        assertTrue(matches("NOT FALSE OR FALSE"));
        assertFalse(matches("NOT (FALSE OR TRUE)"));
    }
}
