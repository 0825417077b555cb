package dev.addrspace.targets.riscv;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.addrspace.memory.AddressSpace;
import dev.addrspace.memory.MemTxAttrs;
import dev.addrspace.memory.MemoryRegion;
import dev.addrspace.memory.MemorySystem;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** The ELF checks and both loaders, on a hand-built executable and its mutations. */
class RiscvElfTest {

    static final long RAM = 0x8000_0000L;

    /** A minimal executable: one PT_LOAD of 8 file bytes and 8 zeroed bytes at RAM, entry at RAM. */
    static byte[] minimal(Consumer<ByteBuffer> edit) {
        ByteBuffer b = ByteBuffer.allocate(64 + 56 + 8).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {0x7f, 'E', 'L', 'F', 2, 1, 1});
        b.putShort(16, (short) 2).putShort(18, (short) 243).putInt(20, 1).putLong(24, RAM).putLong(32, 64);
        b.putShort(52, (short) 64).putShort(54, (short) 56).putShort(56, (short) 1);
        b.putInt(64, 1).putInt(68, 5).putLong(72, 120).putLong(80, RAM).putLong(88, RAM).putLong(96, 8)
                .putLong(104, 16).putLong(112, 8);
        b.putInt(120, 0x0010_0073).putInt(124, 0x1050_0073);
        edit.accept(b);
        return b.array();
    }

    static String rejected(byte[] file) {
        return assertThrows(IllegalArgumentException.class, () -> RiscvElf.parse(file)).getMessage();
    }

    @Test
    void acceptsTheMinimalExecutable() {
        RiscvElf elf = RiscvElf.parse(minimal(b -> { }));
        assertEquals(RAM, elf.entry());
        assertEquals(1, elf.segments().size());
        assertEquals(16, elf.segments().get(0).memsz());
        assertEquals(8, elf.segments().get(0).filesz());
    }

    @Test
    void rejectsWhatIsNotAnElf64RiscvExecutable() {
        assertTrue(rejected(new byte[10]).contains("shorter than an ELF64 header"));
        assertTrue(rejected(minimal(b -> b.put(0, (byte) 'M'))).contains("magic"));
        assertTrue(rejected(minimal(b -> b.put(4, (byte) 1))).contains("ELFCLASS32"));
        assertTrue(rejected(minimal(b -> b.put(5, (byte) 2))).contains("little-endian"));
        assertTrue(rejected(minimal(b -> b.putShort(16, (short) 3))).contains("e_type=3"));
        assertTrue(rejected(minimal(b -> b.putShort(18, (short) 62))).contains("e_machine=62"));
        assertTrue(rejected(minimal(b -> b.putShort(54, (short) 32))).contains("e_phentsize=32"));
        assertTrue(rejected(minimal(b -> b.putShort(56, (short) 3))).contains("run past the end"));
        assertTrue(rejected(minimal(b -> b.putLong(32, -8))).contains("run past the end"));
        assertTrue(rejected(minimal(b -> b.putLong(96, 17))).contains("filesz is larger than memsz"));
        assertTrue(rejected(minimal(b -> b.putLong(72, 121))).contains("past the end of the 128-byte file"));
        assertTrue(rejected(minimal(b -> b.putLong(88, -8))).contains("past 2^64"));
        assertTrue(rejected(minimal(b -> b.putLong(24, RAM + 16))).contains("entry point"));
        assertTrue(rejected(minimal(b -> b.putInt(64, 6))).contains("no PT_LOAD"));
        byte[] whole = minimal(b -> { });
        for (int cut : new int[] {0, 63, 64, 100, 119}) {
            rejected(java.util.Arrays.copyOf(whole, cut));
        }
    }

    @Test
    void loadsThroughTheAddressSpaceAndZeroesTheTail() {
        MemorySystem system = new MemorySystem();
        MemoryRegion root = MemoryRegion.container(system, "system", MemoryRegion.SIZE_2_64);
        system.transaction(() -> root.addSubregion(RAM, MemoryRegion.ram(system, "ram", 0x1000)));
        AddressSpace as = system.newAddressSpace(root, "as");
        as.stqLe(RAM + 8, -1L, MemTxAttrs.UNSPECIFIED);
        RiscvElf.parse(minimal(b -> { })).load(as);
        assertEquals(0x1050_0073_0010_0073L, as.ldqLe(RAM, MemTxAttrs.UNSPECIFIED));
        assertEquals(0, as.ldqLe(RAM + 8, MemTxAttrs.UNSPECIFIED));

        byte[] flat = new byte[32];
        java.util.Arrays.fill(flat, (byte) 0x55);
        RiscvElf.parse(minimal(b -> { })).load(flat, RAM);
        assertArrayEquals(new byte[] {0x73, 0, 0x10, 0, 0x73, 0, 0x50, 0x10, 0, 0, 0, 0, 0, 0, 0, 0},
                java.util.Arrays.copyOf(flat, 16));
        assertEquals(0x55, flat[16]);
    }

    @Test
    void aSegmentOutsideRamOrRomIsRejectedAndNothingIsWritten() {
        MemorySystem system = new MemorySystem();
        MemoryRegion root = MemoryRegion.container(system, "system", MemoryRegion.SIZE_2_64);
        system.transaction(() -> root.addSubregion(RAM, MemoryRegion.ram(system, "ram", 0x1000)));
        AddressSpace as = system.newAddressSpace(root, "as");
        // a second segment straddling the end of RAM; the first, inside RAM, must not be written either
        byte[] two = minimal(b -> { });
        RiscvElf ok = RiscvElf.parse(two);
        RiscvElf straddle = RiscvElf.parse(minimal(b -> b.putLong(88, RAM + 0xff8).putLong(24, RAM + 0xff8)));
        String msg = assertThrows(IllegalArgumentException.class, () -> straddle.load(as)).getMessage();
        assertTrue(msg.contains("address 0x80001000 is unmapped"), msg);
        assertEquals(0, as.ldqLe(RAM + 0xff8, MemTxAttrs.UNSPECIFIED));
        assertThrows(IllegalArgumentException.class, () -> straddle.load(new byte[0x1000], RAM));
        ok.load(as);
    }
}
