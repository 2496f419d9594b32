package io.capsulemq.client.support;

/** Argument checks with messages that name what is wrong, as the API's builders promise. */
public final class Require {
    private Require() {
    }

    public static <T> T notNull(T value, String message) {
        if (value == null) {
            throw new NullPointerException(message);
        }
        return value;
    }

    public static void argument(boolean holds, String message) {
        if (!holds) {
            throw new IllegalArgumentException(message);
        }
    }

    public static void state(boolean holds, String message) {
        if (!holds) {
            throw new IllegalStateException(message);
        }
    }

    public static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }
}
