package dev.addrspace.examples.devices;

import java.util.Objects;
import java.util.function.IntConsumer;

/**
 * The transmit side the example UARTs share: each transmitted byte goes to a console and is kept, so
 * tests and the demo can read everything a guest printed. Not thread safe: owned by the thread that runs
 * the guest.
 */
final class UartTransmitter {

    private final IntConsumer console;
    private final StringBuilder transmitted = new StringBuilder();

    /**
     * @param console receives each byte the guest transmits, 0..255
     * @throws NullPointerException if {@code console} is null
     */
    UartTransmitter(IntConsumer console) {
        this.console = Objects.requireNonNull(console, "console");
    }

    /** @param value the data register write; its low byte is transmitted */
    void transmit(long value) {
        int b = (int) (value & 0xff);
        transmitted.append((char) b);
        console.accept(b);
    }

    /** @return every byte transmitted so far, each as one char (ISO 8859-1) */
    String transmitted() {
        return transmitted.toString();
    }

    /** @return how many bytes were transmitted */
    int count() {
        return transmitted.length();
    }
}
