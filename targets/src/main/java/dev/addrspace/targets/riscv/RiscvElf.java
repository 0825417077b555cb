package dev.addrspace.targets.riscv;

import dev.addrspace.memory.AddressSpace;
import dev.addrspace.memory.FlatRange;
import dev.addrspace.memory.FlatView;
import dev.addrspace.memory.MemTxAttrs;
import dev.addrspace.memory.MemTxResult;
import dev.addrspace.memory.MemoryRegion;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A validated ELF64 little-endian RISC-V executable: its entry point and its {@code PT_LOAD} segments, and
 * the two ways to load them, into an {@link AddressSpace} (as QEMU's {@code -kernel} loader does, at each
 * segment's physical address, with the ROM-writing path) or into one flat array. Immutable.
 *
 * <p>{@link #parse(byte[])} accepts only what a bare-metal RISC-V loader can run: the ELF magic, class 64,
 * little-endian data, version 1, type {@code ET_EXEC}, machine {@code EM_RISCV} (243), a 64-byte header,
 * 56-byte program headers inside the file, at least one {@code PT_LOAD} segment, each with
 * {@code filesz <= memsz}, its file bytes inside the file and its addresses below 2^64, and an entry
 * point inside a loaded segment. Anything else is an {@link IllegalArgumentException} saying which field
 * is wrong and why, with the numbers.
 */
public final class RiscvElf {

    /** {@code EM_RISCV}. */
    public static final int EM_RISCV = 243;
    /** {@code ET_EXEC}. */
    public static final int ET_EXEC = 2;
    /** {@code PT_LOAD}. */
    public static final int PT_LOAD = 1;

    private static final int EHDR_SIZE = 64;
    private static final int PHDR_SIZE = 56;
    private static final int ZERO_CHUNK = 64 * 1024;

    /** One {@code PT_LOAD} segment: {@code memsz} bytes at {@code paddr}, the first {@code filesz} from the file. */
    public static final class Segment {
        private final long paddr;
        private final long memsz;
        private final int fileOffset;
        private final int filesz;
        private final int flags;

        Segment(long paddr, long memsz, int fileOffset, int filesz, int flags) {
            this.paddr = paddr;
            this.memsz = memsz;
            this.fileOffset = fileOffset;
            this.filesz = filesz;
            this.flags = flags;
        }

        /** @return the physical load address ({@code p_paddr}, where QEMU's loader puts it) */
        public long paddr() {
            return paddr;
        }

        /** @return the size in memory; the bytes past {@link #filesz()} are zeroed */
        public long memsz() {
            return memsz;
        }

        /** @return the bytes taken from the file */
        public int filesz() {
            return filesz;
        }

        /** @return {@code p_flags}: 1 execute, 2 write, 4 read */
        public int flags() {
            return flags;
        }

        @Override
        public String toString() {
            return String.format("PT_LOAD paddr=0x%x memsz=0x%x filesz=0x%x flags=%d", paddr, memsz, filesz, flags);
        }
    }

    private final byte[] image;
    private final long entry;
    private final List<Segment> segments;

    private RiscvElf(byte[] image, long entry, List<Segment> segments) {
        this.image = image;
        this.entry = entry;
        this.segments = segments;
    }

    /**
     * Validates an ELF file. Copies {@code file}; allocates.
     *
     * @param file the file's bytes
     * @return the executable
     * @throws NullPointerException if {@code file} is null
     * @throws IllegalArgumentException if the file is not an ELF64 little-endian RISC-V executable, or a
     *     header or segment is malformed; the message names the field and its value
     */
    public static RiscvElf parse(byte[] file) {
        final byte[] f = file.clone();
        if (f.length < EHDR_SIZE) {
            throw bad("file of " + f.length + " bytes is shorter than an ELF64 header (64 bytes)");
        }
        if (f[0] != 0x7f || f[1] != 'E' || f[2] != 'L' || f[3] != 'F') {
            throw bad(String.format("not an ELF file: magic %02x %02x %02x %02x, expected 7f 45 4c 46",
                    f[0], f[1], f[2], f[3]));
        }
        if (f[4] != 2) {
            throw bad("EI_CLASS=" + f[4] + ": not a 64-bit ELF file (ELFCLASS64=2" + (f[4] == 1 ? "; this is ELFCLASS32)" : ")"));
        }
        if (f[5] != 1) {
            throw bad("EI_DATA=" + f[5] + ": not little-endian (ELFDATA2LSB=1)");
        }
        if (f[6] != 1) {
            throw bad("EI_VERSION=" + f[6] + ", expected 1");
        }
        final ByteBuffer b = ByteBuffer.wrap(f).order(ByteOrder.LITTLE_ENDIAN);
        final int type = b.getShort(16) & 0xffff;
        if (type != ET_EXEC) {
            throw bad("e_type=" + type + ": not an executable (ET_EXEC=2)");
        }
        final int machine = b.getShort(18) & 0xffff;
        if (machine != EM_RISCV) {
            throw bad("e_machine=" + machine + ": not RISC-V (EM_RISCV=243)");
        }
        if (b.getInt(20) != 1) {
            throw bad("e_version=" + Integer.toUnsignedString(b.getInt(20)) + ", expected 1");
        }
        final long entry = b.getLong(24);
        final long phoff = b.getLong(32);
        final int ehsize = b.getShort(52) & 0xffff;
        final int phentsize = b.getShort(54) & 0xffff;
        final int phnum = b.getShort(56) & 0xffff;
        if (ehsize != EHDR_SIZE) {
            throw bad("e_ehsize=" + ehsize + ", expected 64");
        }
        if (phnum == 0) {
            throw bad("e_phnum=0: no program headers, nothing to load");
        }
        if (phentsize != PHDR_SIZE) {
            throw bad("e_phentsize=" + phentsize + ", expected 56");
        }
        if (Long.compareUnsigned(phoff, f.length) > 0 || (long) phnum * PHDR_SIZE > f.length - phoff) {
            throw bad("program headers at e_phoff=0x" + Long.toHexString(phoff) + ", " + phnum + " x 56 bytes, run past the end of the "
                    + f.length + "-byte file");
        }
        final List<Segment> segments = new ArrayList<>();
        for (int k = 0; k < phnum; k++) {
            final int at = (int) phoff + k * PHDR_SIZE;
            if (b.getInt(at) != PT_LOAD) {
                continue;
            }
            final int flags = b.getInt(at + 4);
            final long offset = b.getLong(at + 8);
            final long paddr = b.getLong(at + 24);
            final long filesz = b.getLong(at + 32);
            final long memsz = b.getLong(at + 40);
            final String which = "segment " + k + " (PT_LOAD paddr=0x" + Long.toHexString(paddr) + " offset=0x"
                    + Long.toHexString(offset) + " filesz=0x" + Long.toHexString(filesz) + " memsz=0x"
                    + Long.toHexString(memsz) + ")";
            if (Long.compareUnsigned(filesz, memsz) > 0) {
                throw bad(which + ": filesz is larger than memsz");
            }
            if (Long.compareUnsigned(offset, f.length) > 0 || Long.compareUnsigned(filesz, f.length - offset) > 0) {
                throw bad(which + ": its file bytes run past the end of the " + f.length + "-byte file");
            }
            if (memsz != 0 && Long.compareUnsigned(paddr + memsz - 1, paddr) < 0) {
                throw bad(which + ": runs past 2^64");
            }
            if (memsz != 0) {
                segments.add(new Segment(paddr, memsz, (int) offset, (int) filesz, flags));
            }
        }
        if (segments.isEmpty()) {
            throw bad("no PT_LOAD segment with bytes to load");
        }
        boolean entryLoaded = false;
        for (Segment s : segments) {
            entryLoaded |= Long.compareUnsigned(entry - s.paddr, s.memsz) < 0;
        }
        if (!entryLoaded) {
            throw bad("entry point 0x" + Long.toHexString(entry) + " lies in no PT_LOAD segment");
        }
        return new RiscvElf(f, entry, Collections.unmodifiableList(segments));
    }

    private static IllegalArgumentException bad(String why) {
        return new IllegalArgumentException("not an ELF64 RISC-V executable: " + why);
    }

    /** @return the entry point ({@code e_entry}) */
    public long entry() {
        return entry;
    }

    /** @return the {@code PT_LOAD} segments with at least one byte in memory, in file order */
    public List<Segment> segments() {
        return segments;
    }

    /**
     * Checks that every byte of every segment lies in RAM, ROM or a ROM device of {@code as}'s current
     * view, without writing anything.
     *
     * @param as the address space
     * @throws IllegalArgumentException naming the first segment and address that lie elsewhere (a hole,
     *     MMIO, an IOMMU)
     */
    public void checkFits(AddressSpace as) {
        final FlatView view = as.flatView();
        for (Segment s : segments) {
            final long last = s.paddr + s.memsz - 1;
            long addr = s.paddr;
            while (true) {
                final FlatRange fr = view.lookup(addr);
                if (fr == null || !isLoadable(fr.region())) {
                    throw new IllegalArgumentException(s + " does not fit the board's RAM or ROM: address 0x"
                            + Long.toHexString(addr) + " is " + (fr == null ? "unmapped" : "in "
                            + fr.region().kind() + " region '" + fr.region().name() + "'") + " of " + as.name());
                }
                if (Long.compareUnsigned(fr.last(), last) >= 0) {
                    break;
                }
                addr = fr.last() + 1;
            }
        }
    }

    private static boolean isLoadable(MemoryRegion mr) {
        return mr.kind() == MemoryRegion.Kind.RAM || mr.kind() == MemoryRegion.Kind.ROM
                || mr.kind() == MemoryRegion.Kind.ROM_DEVICE;
    }

    /**
     * Loads every segment into {@code as} as QEMU's ROM loader does (the ROM-writing path, which writes
     * RAM, ROM and ROM devices' storage alike), zeroing each segment's {@code memsz - filesz} tail. Checks
     * first ({@link #checkFits}), so nothing is written when a segment does not fit. Allocates a 64 KiB
     * buffer of zeros.
     *
     * @param as the address space
     * @throws IllegalArgumentException if a segment does not fit RAM or ROM
     * @throws IllegalStateException if a write fails anyway (a concurrent topology change)
     */
    public void load(AddressSpace as) {
        checkFits(as);
        final MemTxAttrs attrs = MemTxAttrs.UNSPECIFIED;
        final byte[] zeros = new byte[ZERO_CHUNK];
        for (Segment s : segments) {
            int r = as.writeRom(s.paddr, attrs, image, s.fileOffset, s.filesz);
            long at = s.paddr + s.filesz;
            long left = s.memsz - s.filesz;
            while (left != 0) {
                final int n = (int) Math.min(left, ZERO_CHUNK);
                r |= as.writeRom(at, attrs, zeros, 0, n);
                at += n;
                left -= n;
            }
            if (r != MemTxResult.OK) {
                throw new IllegalStateException(s + ": writing it gave " + MemTxResult.toString(r));
            }
        }
    }

    /**
     * Loads every segment into {@code ram}, which holds the guest addresses from {@code base}, zeroing each
     * segment's tail. Checks every segment first, so nothing is written when one does not fit.
     *
     * @param ram the RAM
     * @param base the guest address of {@code ram[0]}
     * @throws IllegalArgumentException naming the first segment outside {@code ram}
     */
    public void load(byte[] ram, long base) {
        for (Segment s : segments) {
            final long off = s.paddr - base;
            if (Long.compareUnsigned(off, ram.length) >= 0 || Long.compareUnsigned(s.memsz, ram.length - off) > 0) {
                throw new IllegalArgumentException(s + " does not fit RAM at 0x" + Long.toHexString(base) + " of "
                        + ram.length + " bytes");
            }
        }
        for (Segment s : segments) {
            final int off = (int) (s.paddr - base);
            System.arraycopy(image, s.fileOffset, ram, off, s.filesz);
            java.util.Arrays.fill(ram, off + s.filesz, off + (int) s.memsz, (byte) 0);
        }
    }
}
