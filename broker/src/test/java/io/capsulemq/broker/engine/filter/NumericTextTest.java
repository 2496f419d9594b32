package io.capsulemq.broker.engine.filter;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.*;

/** Property strings convert exactly as {@code Integer.valueOf}, {@code Long.valueOf} and {@code Double.valueOf} do. */
class NumericTextTest {

    @ParameterizedTest
    @ValueSource(strings = {"0", "-0", "+5", "-5", "0042", "-", "+", "", "+-1", "--1", "2147483647", "2147483648",
            "-2147483648", "-2147483649", "9223372036854775807", "9223372036854775808", "-9223372036854775808",
            "-9223372036854775809", " 5", "5 ", "1_000", "\u0665\u0660", "0x10", "12a", "1.0", "99999999999999999999"})
    void shouldAcceptExactlyWhatTheJdkIntegerParsersAccept(String text) {
        assertSameOutcome(() -> (long) Integer.parseInt(text), () -> NumericText.parseInteger(text, true));
        assertSameOutcome(() -> Long.parseLong(text), () -> NumericText.parseInteger(text, false));
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.5", " 2 ", "1e3", "NaN", "-Infinity", "0x1p3", "2f", "x", "", "1..2"})
    void shouldAcceptExactlyWhatDoubleValueOfAccepts(String text) {
        Double expected;
        try {
            expected = Double.valueOf(text);
        } catch (NumberFormatException e) {
            expected = null;
        }
        if (expected == null) {
            assertThrows(EvaluationAbort.class, () -> NumericText.parseDecimal(text));
        } else {
            assertEquals(expected, NumericText.parseDecimal(text));
        }
    }

    private interface LongCall {
        long call();
    }

    private static void assertSameOutcome(LongCall jdk, LongCall ours) {
        Long expected;
        try {
            expected = jdk.call();
        } catch (NumberFormatException e) {
            expected = null;
        }
        if (expected == null) {
            assertThrows(EvaluationAbort.class, ours::call);
        } else {
            assertEquals(expected, ours.call());
        }
    }
}
