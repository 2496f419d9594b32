package io.capsulemq.broker.engine.filter;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Map;

import static io.capsulemq.broker.engine.filter.TestMessages.props;
import static org.junit.jupiter.api.Assertions.*;

/** Missing properties (unknown), number/string conversions and failed evaluations, as RocketMQ has them. */
class SqlUnknownAndConversionTest {

    private static boolean matches(String sql, String... namesAndValues) {
        return SqlFilter.compile(sql).matches(props(namesAndValues));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "missing = 'x'", "missing <> 'x'", "NOT (missing = 'x')", "NOT (missing <> 'x')",
            "missing > 1", "NOT (missing > 1)", "missing <= 1",
            "missing BETWEEN 1 AND 2", "missing NOT BETWEEN 1 AND 2",
            "missing IN ('x')", "missing NOT IN ('x')",
            "missing", "NOT missing", "- missing IS NOT NULL"})
    void shouldNotMatchWhenAMissingPropertyMakesTheFilterUnknown(String sql) {
        assertFalse(matches(sql, "a", "5"));
    }

    @Test
    void shouldApplyThreeValuedLogic() {
        assertTrue(matches("missing = 'x' OR a = 5", "a", "5"), "unknown OR true");
        assertFalse(matches("missing = 'x' OR a = 6", "a", "5"), "unknown OR false");
        assertFalse(matches("missing = 'x' AND a = 5", "a", "5"), "unknown AND true");
        assertTrue(matches("NOT (missing = 'x' AND a = 6)", "a", "5"), "NOT (unknown AND false)");
        assertFalse(matches("NOT (missing = 'x' OR a = 6)", "a", "5"), "NOT (unknown OR false)");
        assertTrue(matches("missing IS NULL OR missing = 'x'"));
    }

    @Test
    void shouldCastABarePropertyToFalseWhenPresent() {
        assertFalse(matches("a", "a", "true"));
        assertTrue(matches("NOT a", "a", "true"));
        assertTrue(matches("NOT a", "a", "false"));
        assertTrue(matches("a OR TRUE", "a", "x"));
    }

    @Test
    void shouldTreatTwoMissingPropertiesAsEqualAsRocketMqDoes() {
        assertTrue(matches("m1 = m2"));
        assertFalse(matches("m1 = m2", "m2", "x"));
        assertFalse(matches("m1 = m2", "m1", "x"), "left present, right missing: false");
        assertTrue(matches("NOT (m1 = m2)", "m1", "x"));
    }

    @Test
    void shouldParseAPropertyAsTheIntegerItIsComparedWith() {
        assertTrue(matches("a = 5", "a", "5"));
        assertTrue(matches("a = 5", "a", "+5"));
        assertTrue(matches("a = 5", "a", "0005"));
        assertTrue(matches("a = -5", "a", "-5"));
        assertTrue(matches("a > 4", "a", "\u0665"), "Integer.valueOf takes any Unicode digit");
    }

    @ParameterizedTest
    @ValueSource(strings = {" 5", "5 ", "5.0", "0x5", "five", "", "3000000000"})
    void shouldFailTheWholeEvaluationWhenAPropertyIsNoInteger(String value) {
        assertFalse(matches("a = 5", "a", value));
        assertFalse(matches("NOT (a = 5)", "a", value), "a failure is not false: NOT does not rescue it");
        assertFalse(matches("a > 5 OR TRUE", "a", value), "nor does OR");
    }

    @Test
    void shouldParseTheIntegerTypeOfTheLiteral() {
        assertFalse(matches("NOT (a = 5)", "a", "3000000000"), "Integer literal: the property must fit an int");
        assertTrue(matches("NOT (a = 3000000000)", "a", "5"), "Long literal: parsed as a long");
        assertTrue(matches("a < 3000000000", "a", "2999999999"));
    }

    @Test
    void shouldParseAPropertyAsADecimalWhenComparedWithOne() {
        assertTrue(matches("a > 5.0", "a", "5.5"));
        assertFalse(matches("a > 5", "a", "5.5"), "5.5 is no Integer: the evaluation fails");
        assertTrue(matches("a = 5.0", "a", " 5 "), "Double.valueOf trims blanks");
        assertTrue(matches("a < 1.0", "a", "-1e3"));
        assertFalse(matches("a < 1.0 OR TRUE", "a", "x"));
    }

    @Test
    void shouldCompareTwoPropertiesAsDecimalsWhenOrdering() {
        assertTrue(matches("a < b", "a", "5", "b", "10.5"), "numerically, though '5' > '10.5' as strings");
        assertFalse(matches("a < b", "a", "x", "b", "1"));
        assertFalse(matches("a = b", "a", "5", "b", "5.0"), "equality of two strings is exact");
        assertTrue(matches("a = b", "a", "x", "b", "x"));
    }

    @Test
    void shouldCompareStringsWithBooleansByParsingTheString() {
        assertTrue(matches("f = TRUE", "f", "TRUE"));
        assertTrue(matches("f = FALSE", "f", "yes"));
        assertTrue(matches("f <> TRUE", "f", "yes"));
    }

    @Test
    void shouldNeverMatchNotPropertyEqualsStringAsRocketMqReadsIt() {
        // (NOT a) = 'x': a Boolean compared with a string fails in RocketMQ; so does it here.
        assertFalse(matches("NOT a = 'x'", "a", "x"));
        assertFalse(matches("NOT a = 'x'", "a", "y"));
        assertFalse(matches("NOT a = 'x'"));
        assertTrue(matches("NOT a = TRUE", "a", "y"), "(NOT a) is true when a is present");
        assertTrue(matches("NOT (a = 'x')", "a", "y"));
    }

    @Test
    void shouldStopAtTheFirstTrueOperandOfOrBeforeAFailure() {
        assertTrue(matches("s = 'hello' OR a = 1", "s", "hello", "a", "x"));
        assertFalse(matches("a = 1 OR s = 'hello'", "s", "hello", "a", "x"));
        assertFalse(matches("s = 'no' AND a = 1", "s", "hello", "a", "x"));
        assertFalse(matches("a = 1 AND s = 'no'", "s", "hello", "a", "x"));
    }

    @Test
    void shouldNotEvaluateTheRightSideOfAnOrderingWhenTheLeftIsMissing() {
        // -(a > 1) is null, but evaluating it fails when a is no integer.
        assertTrue(matches("missing > - (a > 1) OR TRUE", "a", "x"), "never reached");
        assertFalse(matches("p > - (a > 1) OR TRUE", "p", "1", "a", "x"), "reached, and fails");
        assertTrue(matches("p > - (a > 1) OR TRUE", "p", "1", "a", "2"));
    }

    @Test
    void shouldCompareIntegersAndDecimalsNumerically() {
        assertTrue(matches("1 = 1.0"));
        assertTrue(matches("3000000000 > 2.5"));
        assertTrue(matches("2 < 3000000000"));
        assertTrue(matches("'5' = 5"));
    }

    @Test
    void shouldEvaluateAnEmptyPropertyMapAsAllMissing() {
        SqlFilter filter = SqlFilter.compile("a IS NULL");
        assertTrue(filter.matches(Map.of()));
        assertTrue(filter.matches(TestMessages.message(null)));
    }
}
