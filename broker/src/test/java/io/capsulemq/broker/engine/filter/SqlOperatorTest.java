package io.capsulemq.broker.engine.filter;

import io.capsulemq.broker.store.StoredMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Map;

import static io.capsulemq.broker.engine.filter.TestMessages.props;
import static org.junit.jupiter.api.Assertions.*;

/** Each operator of the SQL92 subset against one message. */
class SqlOperatorTest {
    private static final Map<String, String> MESSAGE =
            props("a", "5", "s", "hello", "n", "-5", "big", "3000000000", "d", "2.25", "q", "it's", "e", "",
                    "ten", "10.5", "$x_1", "y", "flag", "true");

    private static boolean matches(String sql) {
        return SqlFilter.compile(sql).matches(MESSAGE);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "s = 'hello'            | true",
            "s = 'Hello'            | false",
            "s <> 'x'               | true",
            "s <> 'hello'           | false",
            "a = 5                  | true",
            "a = 6                  | false",
            "a <> 6                 | true",
            "a = '5'                | true",
            "a = '05'               | false",
            "a = 5.0                | true",
            "a > 4                  | true",
            "a > 5                  | false",
            "a >= 5                 | true",
            "a >= 6                 | false",
            "a < 6                  | true",
            "a < 5                  | false",
            "a <= 5                 | true",
            "a <= 4                 | false",
            "5 >= a                 | true",
            "6 < a                  | false",
    })
    void shouldCompare(String sql, boolean expected) {
        assertEquals(expected, matches(sql));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "a BETWEEN 1 AND 5          | true",
            "a BETWEEN 5 AND 5          | true",
            "a BETWEEN 6 AND 9          | false",
            "a BETWEEN 1 AND 4          | false",
            "a NOT BETWEEN 6 AND 9      | true",
            "a NOT BETWEEN 1 AND 5      | false",
            "a NOT BETWEEN 5 AND 9      | false",
            "d BETWEEN 2.0 AND 2.5      | true",
            "n BETWEEN -10 AND -1       | true",
            "s IN ('x', 'hello')        | true",
            "s IN ('hello')             | true",
            "s IN ('x', 'y')            | false",
            "s IN ('HELLO')             | false",
            "s NOT IN ('x', 'y')        | true",
            "s NOT IN ('hello', 'y')    | false",
            "a IN ('5')                 | true",
    })
    void shouldTestRangesAndLists(String sql, boolean expected) {
        assertEquals(expected, matches(sql));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "s IS NULL                  | false",
            "missing IS NULL            | true",
            "s IS NOT NULL              | true",
            "missing IS NOT NULL        | false",
            "e IS NULL                  | false",
            "s = 'hello' AND a = 5      | true",
            "s = 'hello' AND a = 6      | false",
            "s = 'x' OR a = 5           | true",
            "s = 'x' OR a = 6           | false",
            "NOT (a = 6)                | true",
            "NOT (a = 5)                | false",
            "(s = 'x' OR a = 5) AND a > 1 | true",
            "((((a = 5))))              | true",
            "TRUE                       | true",
            "FALSE                      | false",
            "NULL                       | false",
            "NOT FALSE                  | true",
    })
    void shouldCombineConditions(String sql, boolean expected) {
        assertEquals(expected, matches(sql));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "n = -5                     | true",
            "n > -10                    | true",
            "n < - -10                  | true",
            "a = +5                     | true",
            "big = 3000000000           | true",
            "big > 2999999999           | true",
            "a = 5L                     | true",
            "a = 5l                     | true",
            "d > 1.5                    | true",
            "d = 2.25e0                 | true",
            "d = 225E-2                 | true",
            "d < .5                     | false",
            "d > 2.                     | true",
            "a < ten                    | true",
            "a = ten                    | false",
            "flag = TRUE                | true",
            "flag = FALSE               | false",
    })
    void shouldReadNumbersAndConvertProperties(String sql, boolean expected) {
        assertEquals(expected, matches(sql));
    }

    @Test
    void shouldUnquoteDoubledQuotesInStrings() {
        assertTrue(matches("q = 'it''s'"));
        assertTrue(matches("e = ''"));
        assertTrue(matches("q IN ('x', 'it''s')"));
        assertFalse(matches("q = 'it'"));
        assertTrue(SqlFilter.compile("w = '''quoted'' || -- not a comment'")
                .matches(props("w", "'quoted' || -- not a comment")));
    }

    @Test
    void shouldReadKeywordsInAnyCase() {
        assertTrue(matches("s in ('hello') and a between 1 aNd 9 Or false"));
        assertTrue(matches("s iS nOt NuLl AND NOT (a not in ('5')) and true"));
    }

    @Test
    void shouldTreatPropertyNamesCaseSensitivelyWithDollarAndUnderscore() {
        assertTrue(matches("$x_1 = 'y'"));
        assertFalse(matches("S = 'hello'"));
        assertTrue(matches("S IS NULL"));
    }

    @Test
    void shouldSeeSystemPropertiesSuchAsTags() {
        StoredMessage message = TestMessages.tagged("TagA");
        CompiledFilter filter = Filters.compile(FilterType.SQL92, "TAGS IS NOT NULL AND TAGS IN ('TagA', 'TagB')");
        assertTrue(filter.matches(message));
        assertFalse(filter.matches(TestMessages.tagged("TagC")));
        assertFalse(filter.matches(TestMessages.tagged(null)));
    }

    @Test
    void shouldSkipCommentsAsRocketMqDoes() {
        assertTrue(matches("a = 5 /* a comment, with 'quotes' */ AND s = 'hello'"));
        assertTrue(matches("a = 5 -- line comment\n AND s = 'hello'"));
        assertTrue(matches("/**/a = 5"));
    }

    @Test
    void shouldAlwaysPassTheQueueStageForSql() {
        CompiledFilter filter = Filters.compile(FilterType.SQL92, "FALSE");
        assertTrue(filter.matchesTagsCode(0));
        assertTrue(filter.matchesTagsCode(-42));
        assertFalse(filter.matches(TestMessages.tagged("x")));
    }
}
