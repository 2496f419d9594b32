package io.capsulemq.broker.namesrv.wire;

import java.util.zip.CRC32;

/**
 * The {@code bodyCrc32} of a REGISTER_BROKER request as RocketMQ computes it: the CRC-32 of the body bytes as sent
 * (after compression, if any) with the sign bit cleared. Zero in the header means "not checked".
 */
public final class BodyChecksum {
    private BodyChecksum() {
    }

    public static int of(byte[] body) {
        CRC32 crc = new CRC32();
        crc.update(body, 0, body.length);
        return (int) (crc.getValue() & 0x7FFF_FFFFL);
    }
}
