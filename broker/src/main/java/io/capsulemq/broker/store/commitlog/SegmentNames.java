package io.capsulemq.broker.store.commitlog;

/** Segment files are named by the offset of their first byte, in 20 decimal digits, so names sort by offset. */
public final class SegmentNames {
    private static final int DIGITS = 20;

    private SegmentNames() {
    }

    public static String name(long baseOffset) {
        return String.format("%0" + DIGITS + "d", baseOffset);
    }

    public static boolean isSegment(String fileName) {
        if (fileName.length() != DIGITS) {
            return false;
        }
        for (int i = 0; i < DIGITS; i++) {
            if (!Character.isDigit(fileName.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    public static long baseOffset(String fileName) {
        return Long.parseLong(fileName);
    }
}
