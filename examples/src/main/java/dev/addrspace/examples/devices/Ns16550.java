package dev.addrspace.examples.devices;

import dev.addrspace.memory.MmioOps;
import java.util.function.IntConsumer;

/**
 * A 16550-like UART, enough for a guest to print: writing the transmit holding register ({@code THR},
 * offset 0) sends its low byte to a console; the line status register ({@code LSR}, offset 5) always
 * reads "transmitter empty". Every other register reads 0 and ignores writes. QEMU's {@code serial}
 * region of a memory-mapped 16550 with register shift 0 is 8 bytes.
 *
 * <p>Everything transmitted is also kept, for {@link #transmitted()}. Not thread safe: owned by the
 * thread that runs the guest.
 */
public final class Ns16550 implements MmioOps {

    /** Size of QEMU's {@code serial} region with register shift 0. */
    public static final long SIZE = 8;
    /** Offset of the transmit holding register. */
    public static final long THR = 0;
    /** Offset of the line status register. */
    public static final long LSR = 5;
    /** {@code LSR}: transmit holding register empty and transmitter empty. */
    public static final int LSR_THRE_TEMT = 0x60;

    private final UartTransmitter tx;

    /**
     * Creates a UART that sends each transmitted byte to {@code console}.
     *
     * @param console receives each byte the guest transmits, 0..255
     * @throws NullPointerException if {@code console} is null
     */
    public Ns16550(IntConsumer console) {
        this.tx = new UartTransmitter(console);
    }

    @Override
    public long read(long addr, int size) {
        return addr == LSR ? LSR_THRE_TEMT : 0;
    }

    @Override
    public void write(long addr, long value, int size) {
        if (addr == THR) {
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
        return "Ns16550[transmitted=" + tx.count() + " bytes]";
    }
}
