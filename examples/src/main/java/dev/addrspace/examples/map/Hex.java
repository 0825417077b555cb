package dev.addrspace.examples.map;

import java.math.BigInteger;
import java.util.Locale;

/** Number formatting for memory maps: hex addresses and human-readable binary sizes. Allocates. */
final class Hex {

    private static final String[] UNITS = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};

    private Hex() {
    }

    /** {@code 0x} and 16 hex digits: the machine-readable form used in attributes. */
    static String full(long v) {
        return String.format(Locale.ROOT, "0x%016x", v);
    }

    /** {@code 0x} and the shortest hex: {@code 0x0}, {@code 0x20000}. */
    static String compact(long v) {
        return "0x" + Long.toHexString(v);
    }

    /**
     * {@code digits} hex digits grouped by four with underscores ({@code 0x0000_0000_fec0_0000}); an
     * exclusive end of 2^64 is {@code 0x1_0000_0000_0000_0000}.
     */
    static String grouped(BigInteger v, int digits) {
        String h = v.toString(16);
        StringBuilder sb = new StringBuilder();
        for (int i = h.length(); i < digits; i++) {
            sb.append('0');
        }
        sb.append(h);
        StringBuilder out = new StringBuilder("0x");
        int n = sb.length();
        for (int i = 0; i < n; i++) {
            if (i > 0 && (n - i) % 4 == 0) {
                out.append('_');
            }
            out.append(sb.charAt(i));
        }
        return out.toString();
    }

    /** The unsigned value of {@code v}. */
    static BigInteger unsigned(long v) {
        BigInteger b = BigInteger.valueOf(v);
        return v < 0 ? b.add(BigInteger.ONE.shiftLeft(64)) : b;
    }

    /**
     * A byte count as people read it: {@code 4 KiB}, {@code 16 EiB}, or {@code ~3.86 GiB} when it is not a
     * whole number of the largest unit that fits.
     */
    static String size(BigInteger bytes) {
        int unit = 0;
        while (unit + 1 < UNITS.length && bytes.bitLength() > 10 * (unit + 1)) {
            unit++;
        }
        BigInteger div = BigInteger.ONE.shiftLeft(10 * unit);
        BigInteger[] qr = bytes.divideAndRemainder(div);
        if (qr[1].signum() == 0) {
            return qr[0] + " " + UNITS[unit];
        }
        double value = bytes.doubleValue() / div.doubleValue();
        String s = String.format(Locale.ROOT, "%.2f", value);
        while (s.endsWith("0")) {
            s = s.substring(0, s.length() - 1);
        }
        if (s.endsWith(".")) {
            s = s.substring(0, s.length() - 1);
        }
        return "~" + s + " " + UNITS[unit];
    }
}
