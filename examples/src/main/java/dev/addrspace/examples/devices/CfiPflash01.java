package dev.addrspace.examples.devices;

import dev.addrspace.memory.MemoryRegion;
import dev.addrspace.memory.MemorySystem;
import dev.addrspace.memory.MmioOps;
import dev.addrspace.memory.RamBlock;
import java.util.Objects;

/**
 * A CFI parallel NOR flash with the Intel command set, as QEMU's {@code cfi.pflash01} behaves when its
 * {@code device-width} is set: a bank of {@code bankWidth / deviceWidth} identical devices side by side,
 * little-endian, writable, without a drive (the array starts as zeros, as QEMU's does without one).
 *
 * <p>The flash is a ROM device ({@link MemoryRegion#romDevice}): in read-array mode ("romd") the CPU reads
 * the array directly; the first write of a command calls {@link MemoryRegion#setRomdMode}{@code (false)}
 * so reads come to {@link #read} (CFI query, identifier, status), and read array maps the array back
 * with {@code setRomdMode(true)}. Commands, by the first byte written:
 * <ul>
 *   <li>{@code 0xff}, {@code 0xf0}, {@code 0x00}: read array. {@code 0x50}: clear status, then read array.
 *   <li>{@code 0x98}: CFI query; entry {@code i} of the query table answers at byte offset
 *       {@code i * bankWidth}, replicated for each device of the bank. In query mode every write but
 *       {@code 0xff} is ignored.
 *   <li>{@code 0x90}: read identifier (manufacturer at entry 0, device at entry 1, other entries of each
 *       256 read 0). {@code 0x70}: read status (0x80 "ready" after reset), replicated per device.
 *   <li>{@code 0x40}/{@code 0x10}: program; the next write stores its value into the array.
 *       {@code 0x20}: block erase, which sets the whole sector to {@code 0xff} at once; a following
 *       {@code 0xd0} confirms, {@code 0xff} returns to read array, anything else is an error.
 *       {@code 0x60}: block lock/unlock, confirmed by {@code 0xd0} or {@code 0x01} (locks are not kept).
 *       {@code 0xe8}: write to buffer: a word count, the words (stored at once), then {@code 0xd0}.
 *   <li>Any other command, or a sequence QEMU does not implement, returns to read array.
 * </ul>
 * After a program, erase or lock command the device keeps answering status until read array.
 *
 * <p>Every value is QEMU's, including its quirks: a read narrower than the bank at any byte of a bank word
 * answers the low bytes of that word's whole replicated value (QEMU shifts the byte offset right by the
 * bank's width), and the status read back after {@code 0x40} but before the data shows the status as it
 * was. Accesses wider than 4 bytes are split by the memory core into 4-byte ones, as QEMU's default
 * {@code impl} does. Not modelled: a drive, read-only flashes, big-endian banks, the legacy mode without
 * {@code device-width}, devices used narrower than their maximum width, timing.
 *
 * <p>Not thread safe: owned by the thread that runs the guest.
 */
public final class CfiPflash01 implements MmioOps {

    /** QEMU virt's flash bank size (32 MiB), for both {@code virt.flash0} and {@code virt.flash1}. */
    public static final long VIRT_BANK_SIZE = 0x200_0000L;
    /** QEMU virt's flash sector (erase block) size: 256 KiB. */
    public static final long VIRT_SECTOR_SIZE = 0x4_0000L;

    private static final int CMD_READ_ARRAY = 0x00;
    private static final int STATUS_READY = 0x80;
    private static final int CFI_TABLE_SIZE = 0x52;

    private final long sectorLength;
    private final int bankWidth;
    private final int deviceWidth;
    private final int ident0;
    private final int ident1;
    private final int queryShift;
    private final byte[] cfiTable = new byte[CFI_TABLE_SIZE];
    private final MemoryRegion region;
    private final RamBlock array;

    private int wcycle;
    private int cmd = CMD_READ_ARRAY;
    private int status = STATUS_READY;
    private long counter;

    private CfiPflash01(MemorySystem system, String name, long sectorLength, int blocks, int bankWidth,
            int deviceWidth, int ident0, int ident1) {
        Objects.requireNonNull(system, "system");
        Objects.requireNonNull(name, "name");
        if (sectorLength <= 0 || Long.bitCount(sectorLength) != 1) {
            throw new IllegalArgumentException("sector length must be a power of two, not " + sectorLength);
        }
        if (blocks <= 0 || blocks > 0x10000) {
            throw new IllegalArgumentException("blocks must be 1..65536, not " + blocks);
        }
        if (bankWidth != 1 && bankWidth != 2 && bankWidth != 4) {
            throw new IllegalArgumentException("bank width must be 1, 2 or 4 bytes, not " + bankWidth);
        }
        if ((deviceWidth != 1 && deviceWidth != 2 && deviceWidth != 4) || deviceWidth > bankWidth) {
            throw new IllegalArgumentException("device width must be 1, 2 or 4 bytes and at most the bank"
                    + " width " + bankWidth + ", not " + deviceWidth);
        }
        if (sectorLength % (bankWidth / deviceWidth) != 0 || sectorLength / (bankWidth / deviceWidth) < 256) {
            throw new IllegalArgumentException("sector length " + sectorLength + " is too small for "
                    + bankWidth / deviceWidth + " devices");
        }
        if (sectorLength > Long.MAX_VALUE / blocks) {
            throw new IllegalArgumentException("flash too large: " + blocks + " sectors of " + sectorLength);
        }
        if ((ident0 & ~0xffff) != 0 || (ident1 & ~0xffff) != 0) {
            throw new IllegalArgumentException("identifiers are 16-bit values");
        }
        this.sectorLength = sectorLength;
        this.bankWidth = bankWidth;
        this.deviceWidth = deviceWidth;
        this.ident0 = ident0;
        this.ident1 = ident1;
        // Query and identifier addresses count in bank words (the devices are used at their full width).
        this.queryShift = Integer.numberOfTrailingZeros(bankWidth);
        int devices = bankWidth / deviceWidth;
        fillCfiTable(blocks, sectorLength / devices);
        this.region = MemoryRegion.romDevice(system, name, sectorLength * blocks, this);
        this.array = region.ramBlock();
    }

    /**
     * Creates one of QEMU virt's two flash banks ({@code virt.flash0}, {@code virt.flash1} on RISC-V and
     * ARM virt): 32 MiB of 256 KiB sectors, a 4-byte bank of two 2-byte devices, manufacturer 0x89
     * (Intel) and device 0x18. Allocates the region; its array pages are allocated when first written.
     *
     * @param system the memory system that owns the region
     * @param name the region's name
     * @return the device; map {@link #region()} to place it
     * @throws NullPointerException if an argument is null
     */
    public static CfiPflash01 virt(MemorySystem system, String name) {
        return new CfiPflash01(system, name, VIRT_SECTOR_SIZE, (int) (VIRT_BANK_SIZE / VIRT_SECTOR_SIZE), 4, 2,
                0x89, 0x18);
    }

    /**
     * Creates a flash of {@code blocks} sectors of {@code sectorLength} bytes. Allocates the region.
     *
     * @param system the memory system that owns the region
     * @param name the region's name
     * @param sectorLength the erase sector of the whole bank, in bytes: a power of two
     * @param blocks the number of sectors, 1 to 65536
     * @param bankWidth the bank's width in bytes: 1, 2 or 4
     * @param deviceWidth each device's width in bytes: 1, 2 or 4, at most {@code bankWidth}
     * @param manufacturer the manufacturer code (QEMU's {@code id0}), 16 bits
     * @param device the device code (QEMU's {@code id1}), 16 bits
     * @return the device; map {@link #region()} to place it
     * @throws NullPointerException if {@code system} or {@code name} is null
     * @throws IllegalArgumentException if a size, width or code is out of range
     */
    public static CfiPflash01 create(MemorySystem system, String name, long sectorLength, int blocks,
            int bankWidth, int deviceWidth, int manufacturer, int device) {
        return new CfiPflash01(system, name, sectorLength, blocks, bankWidth, deviceWidth, manufacturer, device);
    }

    /** @return the ROM-device region of the flash, to be mapped by the board */
    public MemoryRegion region() {
        return region;
    }

    /** @return the array's backing memory (what read-array mode reads) */
    public RamBlock array() {
        return array;
    }

    /** @return the current command, 0 in read-array mode (QEMU's reset value for read array) */
    public int command() {
        return cmd;
    }

    /** @return the status register of one device (0x80: ready) */
    public int status() {
        return status;
    }

    /** Returns to read array with a ready status, as a system reset does; the array keeps its contents. */
    public void reset() {
        cmd = CMD_READ_ARRAY;
        wcycle = 0;
        region.setRomdMode(true);
        status = STATUS_READY;
    }

    /** Fills the query table as QEMU does for one device of a bank of identical devices. */
    private void fillCfiTable(long blocksPerDevice, long sectorPerDevice) {
        long deviceLength = sectorPerDevice * blocksPerDevice;
        byte[] t = cfiTable;
        t[0x10] = 'Q';
        t[0x11] = 'R';
        t[0x12] = 'Y';
        t[0x13] = 0x01; // Intel command set
        t[0x15] = 0x31; // primary extended table at 0x31
        t[0x1b] = 0x45; // Vcc min
        t[0x1c] = 0x55; // Vcc max
        t[0x1f] = 0x07;
        t[0x20] = 0x07;
        t[0x21] = 0x0a;
        t[0x23] = 0x04;
        t[0x24] = 0x04;
        t[0x25] = 0x04;
        t[0x27] = (byte) Long.numberOfTrailingZeros(deviceLength);
        t[0x28] = 0x02; // x8/x16 interface
        t[0x2a] = (byte) (bankWidth == 1 ? 0x08 : 0x0b); // write buffer: 2^n bytes
        t[0x2c] = 0x01; // one erase-block region
        t[0x2d] = (byte) (blocksPerDevice - 1);
        t[0x2e] = (byte) ((blocksPerDevice - 1) >> 8);
        t[0x2f] = (byte) (sectorPerDevice >> 8);
        t[0x30] = (byte) (sectorPerDevice >> 16);
        t[0x31] = 'P';
        t[0x32] = 'R';
        t[0x33] = 'I';
        t[0x34] = '1';
        t[0x35] = '0';
        t[0x3f] = 0x01; // protection fields
    }

    /** Replaces bits [pos, pos + len) of {@code value} with the low bits of {@code field}, 32 bits wide. */
    private static int deposit32(int value, int pos, int len, int field) {
        int mask = (len == 32 ? -1 : (1 << len) - 1) << pos;
        return (value & ~mask) | ((field << pos) & mask);
    }

    /** One device's answer replicated into every device's lanes of the bank. */
    private int replicate(int response) {
        int r = response;
        for (int i = deviceWidth; i < bankWidth; i += deviceWidth) {
            r = deposit32(r, 8 * i, 8 * deviceWidth, r);
        }
        return r;
    }

    private int cfiQuery(long offset) {
        long entry = offset >>> queryShift;
        if (entry >= CFI_TABLE_SIZE) {
            return 0;
        }
        return replicate(cfiTable[(int) entry] & 0xff);
    }

    private int identifierQuery(long offset) {
        switch ((int) ((offset >>> queryShift) & 0xff)) {
            case 0:
                return replicate(ident0);
            case 1:
                return replicate(ident1);
            default:
                return 0; // block lock status and the rest: not modelled, 0 in every lane
        }
    }

    @Override
    public long read(long addr, int size) {
        int ret;
        switch (cmd) {
            case 0x10, 0x20, 0x28, 0x40, 0x50, 0x60, 0x70, 0xe8: {
                ret = status;
                if (size > deviceWidth) {
                    for (int shift = deviceWidth * 8; shift + deviceWidth * 8 <= size * 8; shift += deviceWidth * 8) {
                        ret |= status << shift;
                    }
                }
                break;
            }
            case 0x90:
                ret = -1;
                for (int i = 0; i < size; i += bankWidth) {
                    ret = deposit32(ret, i * 8, bankWidth * 8, identifierQuery(addr + (long) i * bankWidth));
                }
                break;
            case 0x98:
                ret = -1;
                for (int i = 0; i < size; i += bankWidth) {
                    ret = deposit32(ret, i * 8, bankWidth * 8, cfiQuery(addr + (long) i * bankWidth));
                }
                break;
            default:
                // Read array (or a state that cannot happen: reset it and read the array, as QEMU does).
                wcycle = 0;
                cmd = CMD_READ_ARRAY;
                return array.load(addr, size, false);
        }
        return size >= 4 ? ret & 0xffff_ffffL : ret & ((1L << (size * 8)) - 1);
    }

    @Override
    public void write(long addr, long value, int size) {
        int command = (int) value & 0xff;
        if (wcycle == 0) {
            region.setRomdMode(false);
        }
        switch (wcycle) {
            case 0:
                switch (command) {
                    case 0x10, 0x40, 0x60, 0x98:
                        break;
                    case 0x20: {
                        long sector = addr & ~(sectorLength - 1);
                        array.fill(sector, sectorLength, 0xff);
                        status |= STATUS_READY;
                        break;
                    }
                    case 0x50:
                        status = 0;
                        readArray();
                        return;
                    case 0x70, 0x90:
                        cmd = command;
                        return;
                    case 0xe8:
                        status |= STATUS_READY;
                        break;
                    default: // 0x00, 0xf0, 0xff: read array; anything else: not a command
                        readArray();
                        return;
                }
                wcycle++;
                cmd = command;
                return;
            case 1:
                switch (cmd) {
                    case 0x10, 0x40:
                        array.store(addr, size, value, false);
                        status |= STATUS_READY;
                        wcycle = 0;
                        return;
                    case 0x20, 0x28:
                        if (command == 0xd0) {
                            wcycle = 0;
                            status |= STATUS_READY;
                        } else {
                            readArray();
                        }
                        return;
                    case 0xe8:
                        counter = value & ((1L << (deviceWidth * 8)) - 1);
                        wcycle++;
                        return;
                    case 0x60:
                        if (command == 0xd0 || command == 0x01) {
                            wcycle = 0;
                            status |= STATUS_READY;
                        } else {
                            readArray();
                        }
                        return;
                    case 0x98:
                        if (command == 0xff) {
                            readArray();
                        }
                        return;
                    default:
                        readArray();
                        return;
                }
            case 2:
                if (cmd != 0xe8) {
                    readArray();
                    return;
                }
                // QEMU stores each buffered word at once rather than on the confirm.
                array.store(addr, size, value, false);
                status |= STATUS_READY;
                if (counter == 0) {
                    wcycle++;
                }
                counter--;
                return;
            case 3:
                if (cmd == 0xe8 && command == 0xd0) {
                    wcycle = 0;
                    status |= STATUS_READY;
                } else {
                    readArray();
                }
                return;
            default:
                readArray();
        }
    }

    private void readArray() {
        region.setRomdMode(true);
        wcycle = 0;
        cmd = CMD_READ_ARRAY;
    }

    @Override
    public String toString() {
        return "CfiPflash01[" + region.name() + ", cmd=0x" + Integer.toHexString(cmd) + ", wcycle=" + wcycle
                + ", status=0x" + Integer.toHexString(status) + "]";
    }
}
