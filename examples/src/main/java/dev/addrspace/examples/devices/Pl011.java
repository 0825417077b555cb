package dev.addrspace.examples.devices;

import dev.addrspace.memory.MmioOps;
import java.util.function.IntConsumer;

/**
 * A PL011-like UART, enough for a guest to print: writing the data register ({@code UARTDR}, offset
 * 0x000) transmits its low byte to a console; the flag register ({@code UARTFR}, offset 0x018) always
 * reads "transmit FIFO empty, receive FIFO empty", so a polling driver never waits. Every other register
 * reads 0 and ignores writes. QEMU maps its {@code pl011} as a 4 KiB region.
 *
 * <p>Everything transmitted is also kept, for {@link #transmitted()}. Not thread safe: owned by the
 * thread that runs the guest.
 */
public final class Pl011 implements MmioOps {

    /** Size of the register window QEMU maps for a PL011. */
    public static final long SIZE = 0x1000;
    /** Offset of the data register. */
    public static final long UARTDR = 0x000;
    /** Offset of the flag register. */
    public static final long UARTFR = 0x018;
    /** {@code UARTFR}: receive FIFO empty. */
    public static final int FR_RXFE = 1 << 4;
    /** {@code UARTFR}: transmit FIFO empty. */
    public static final int FR_TXFE = 1 << 7;

    private final UartTransmitter tx;

    /**
     * Creates a UART that sends each transmitted byte to {@code console}.
     *
     * @param console receives each byte the guest transmits, 0..255
     * @throws NullPointerException if {@code console} is null
     */
    public Pl011(IntConsumer console) {
        this.tx = new UartTransmitter(console);
    }

    @Override
    public long read(long addr, int size) {
        return addr == UARTFR ? FR_TXFE | FR_RXFE : 0;
    }

    @Override
    public void write(long addr, long value, int size) {
        if (addr == UARTDR) {
            tx.transmit(value);
        }
    }

    /**
     * Returns every byte transmitted so far, each as one char (ISO 8859-1).
     *
     * @return the transmitted text
     */
    public String transmitted() {
        return tx.transmitted();
    }

    @Override
    public String toString() {
        return "Pl011[transmitted=" + tx.count() + " bytes]";
    }
}
