package io.capsulemq.rar.outbound;

import javax.transaction.xa.Xid;
import java.io.Serializable;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;

/**
 * A transaction branch id as a value: comparable across the transaction manager's own Xid objects, and written
 * into each half message of the branch as {@code formatId:globalTransactionId:branchQualifier} (hex), so the
 * branches the broker still holds are found again after a restart.
 */
public final class XidValue implements Xid, Serializable {
    private static final long serialVersionUID = 1L;
    private static final HexFormat HEX = HexFormat.of();

    private final int formatId;
    private final byte[] globalTransactionId;
    private final byte[] branchQualifier;

    public XidValue(int formatId, byte[] globalTransactionId, byte[] branchQualifier) {
        if (globalTransactionId.length > MAXGTRIDSIZE || branchQualifier.length > MAXBQUALSIZE) {
            throw new IllegalArgumentException("an Xid's ids are at most " + MAXGTRIDSIZE + " and " + MAXBQUALSIZE
                    + " bytes");
        }
        this.formatId = formatId;
        this.globalTransactionId = globalTransactionId.clone();
        this.branchQualifier = branchQualifier.clone();
    }

    public static XidValue of(Xid xid) {
        return xid instanceof XidValue v ? v
                : new XidValue(xid.getFormatId(), xid.getGlobalTransactionId(), xid.getBranchQualifier());
    }

    /** The Xid a half message's property names, or empty when it is not one (a local transaction's mark). */
    public static Optional<XidValue> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String[] parts = text.split(":", -1);
        if (parts.length != 3) {
            return Optional.empty();
        }
        try {
            return Optional.of(new XidValue(Integer.parseInt(parts[0]), HEX.parseHex(parts[1]),
                    HEX.parseHex(parts[2])));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** The form written into half messages; {@link #parse} reads it back. */
    public String text() {
        return formatId + ":" + HEX.formatHex(globalTransactionId) + ":" + HEX.formatHex(branchQualifier);
    }

    @Override
    public int getFormatId() {
        return formatId;
    }

    @Override
    public byte[] getGlobalTransactionId() {
        return globalTransactionId.clone();
    }

    @Override
    public byte[] getBranchQualifier() {
        return branchQualifier.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof XidValue x && x.formatId == formatId
                && Arrays.equals(x.globalTransactionId, globalTransactionId)
                && Arrays.equals(x.branchQualifier, branchQualifier);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * formatId + Arrays.hashCode(globalTransactionId)) + Arrays.hashCode(branchQualifier);
    }

    @Override
    public String toString() {
        return text();
    }
}
