package dev.addrspace.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The access path's unchecked fixed-size accessors agree with the checked ones, page crossings included. */
class RamBlockInRangeTest {

    @Test
    void inRangeAccessorsAgreeWithCheckedOnes() {
        SplittableRandom random = new SplittableRandom(0x1a2b);
        RamBlock a = new RamBlock(4 * RamBlock.PAGE_SIZE);
        RamBlock b = new RamBlock(4 * RamBlock.PAGE_SIZE);
        int[] sizes = {1, 2, 4, 8};
        for (int i = 0; i < 20_000; i++) {
            int size = sizes[random.nextInt(4)];
            boolean big = random.nextBoolean();
            // offsets near page boundaries half of the time, and in untouched pages at first
            long offset = random.nextBoolean() ? random.nextInt(4 * RamBlock.PAGE_SIZE - size + 1)
                    : (random.nextInt(3) + 1) * (long) RamBlock.PAGE_SIZE - random.nextInt(9);
            offset = Math.min(offset, 4 * RamBlock.PAGE_SIZE - size);
            assertEquals(a.load(offset, size, big), b.loadInRange(offset, size, big),
                    "load offset=" + offset + " size=" + size + " big=" + big);
            if (random.nextInt(3) == 0) {
                long value = random.nextLong();
                a.store(offset, size, value, big);
                b.storeInRange(offset, size, value, big);
            }
        }
        for (long o = 0; o < 4 * RamBlock.PAGE_SIZE; o++) {
            assertEquals(a.ldub(o), b.ldub(o), "byte " + o);
        }
        assertEquals(a.allocatedPages(), b.allocatedPages());
    }
}
