package dev.addrspace.memory;

/**
 * The result of a memory transaction, as QEMU's {@code MemTxResult}: {@code int} bit flags, OR-ed across
 * the pieces of an access that was split. {@link #OK} is zero, so {@code result == OK} tests success.
 */
public final class MemTxResult {

    /** The access succeeded. */
    public static final int OK = 0;
    /** A device reported an error (QEMU's {@code MEMTX_ERROR}). */
    public static final int ERROR = 1;
    /** Nothing decodes at that address, or the size or alignment is invalid ({@code MEMTX_DECODE_ERROR}). */
    public static final int DECODE_ERROR = 1 << 1;
    /** The access was denied: {@code attrs.memory} to a device, or a re-entrant device access. */
    public static final int ACCESS_ERROR = 1 << 2;

    private static final int ALL = ERROR | DECODE_ERROR | ACCESS_ERROR;

    private MemTxResult() {
    }

    /**
     * Tells whether {@code result} is success.
     *
     * @param result a result
     * @return true for {@link #OK}
     */
    public static boolean isOk(int result) {
        return result == OK;
    }

    /**
     * Renders a result as QEMU's names, for example {@code "DECODE_ERROR|ACCESS_ERROR"} or {@code "OK"}.
     *
     * @param result a result made of the flags of this class
     * @return the flag names joined by {@code '|'}
     * @throws IllegalArgumentException if {@code result} has a bit that is not one of the flags
     */
    public static String toString(int result) {
        if ((result & ~ALL) != 0) {
            throw new IllegalArgumentException("not a MemTxResult: 0x" + Integer.toHexString(result));
        }
        if (result == OK) {
            return "OK";
        }
        StringBuilder sb = new StringBuilder();
        append(sb, result, ERROR, "ERROR");
        append(sb, result, DECODE_ERROR, "DECODE_ERROR");
        append(sb, result, ACCESS_ERROR, "ACCESS_ERROR");
        return sb.toString();
    }

    private static void append(StringBuilder sb, int result, int flag, String name) {
        if ((result & flag) != 0) {
            if (sb.length() > 0) {
                sb.append('|');
            }
            sb.append(name);
        }
    }
}
