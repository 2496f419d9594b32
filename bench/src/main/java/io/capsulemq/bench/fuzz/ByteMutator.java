package io.capsulemq.bench.fuzz;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.SplittableRandom;

/** Byte-level damage: random bytes, flipped bits, ints overwritten with the values that trip length checks. */
final class ByteMutator {
    private final SplittableRandom random;

    ByteMutator(SplittableRandom random) {
        this.random = random;
    }

    byte[] randomBytes(int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }

    /**
     * An int that lies about {@code truth}, a length: one off either way, zero, negative, the extremes, or a
     * power of two near a limit.
     */
    int interestingInt(int truth) {
        return switch (random.nextInt(12)) {
            case 0 -> truth + 1;
            case 1 -> truth - 1;
            case 2 -> 0;
            case 3 -> -1;
            case 4 -> Integer.MAX_VALUE;
            case 5 -> Integer.MIN_VALUE;
            case 6 -> 1 << (8 + random.nextInt(23));
            case 7 -> (1 << (8 + random.nextInt(23))) - 1;
            case 8 -> truth * 2 + random.nextInt(16);
            case 9 -> 0x00FF_FFFF;
            case 10 -> 0x7FFF;
            default -> random.nextInt();
        };
    }

    /** A copy of {@code bytes} with one to a few pieces of damage. */
    byte[] mutate(byte[] bytes) {
        byte[] out = bytes;
        for (int i = 1 + random.nextInt(3); i > 0; i--) {
            out = mutateOnce(out);
        }
        return out;
    }

    private byte[] mutateOnce(byte[] bytes) {
        if (bytes.length == 0) {
            return randomBytes(1 + random.nextInt(16));
        }
        byte[] out = bytes.clone();
        int at = random.nextInt(out.length);
        switch (random.nextInt(8)) {
            case 0 -> out[at] ^= (byte) (1 << random.nextInt(8));
            case 1 -> out[at] = (byte) random.nextInt(256);
            case 2 -> out[at] = (byte) switch (random.nextInt(6)) {
                case 0 -> 0;
                case 1 -> 0xFF;
                case 2 -> 0x7F;
                case 3 -> 0x80;
                case 4 -> '"';
                default -> '{';
            };
            case 3 -> {
                if (out.length - at >= 4) {
                    ByteBuffer.wrap(out).putInt(at, interestingInt(ByteBuffer.wrap(out).getInt(at)));
                }
            }
            case 4 -> {
                return Arrays.copyOf(out, at); // cut short
            }
            case 5 -> {
                byte[] longer = Arrays.copyOf(out, out.length + 1 + random.nextInt(32));
                System.arraycopy(out, at, longer, longer.length - (out.length - at), out.length - at);
                for (int i = at; i < longer.length - (out.length - at); i++) {
                    longer[i] = (byte) random.nextInt(256);
                }
                return longer; // bytes inserted
            }
            case 6 -> {
                int length = Math.min(out.length - at, 1 + random.nextInt(16));
                byte[] shorter = new byte[out.length - length];
                System.arraycopy(out, 0, shorter, 0, at);
                System.arraycopy(out, at + length, shorter, at, out.length - at - length);
                return shorter; // bytes removed
            }
            default -> {
                int length = Math.min(out.length - at, 1 + random.nextInt(8));
                int to = random.nextInt(out.length - length + 1);
                System.arraycopy(bytes, at, out, to, length); // a piece copied elsewhere
            }
        }
        return out;
    }
}
