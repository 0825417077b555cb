package dev.addrspace.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.addrspace.memory.AccessConstraints;
import dev.addrspace.memory.AccessResult;
import dev.addrspace.memory.AddressSpace;
import dev.addrspace.memory.DeviceEndianness;
import dev.addrspace.memory.FlatRange;
import dev.addrspace.memory.FlatView;
import dev.addrspace.memory.IommuOps;
import dev.addrspace.memory.IommuTlbEntry;
import dev.addrspace.memory.MemTxAttrs;
import dev.addrspace.memory.MemTxResult;
import dev.addrspace.memory.MemoryRegion;
import dev.addrspace.memory.MemorySystem;
import dev.addrspace.memory.MmioOps;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * The runtime against a brute-force reference model. Two identical machines are built from one seed and
 * receive identical random topology changes (add, remove, enable, readonly, setAddress, alias offset,
 * priority, romd, nested transactions); some machines map an IOMMU that translates, page by page, with
 * every permission, into a second address space (RAM, a device, a hole). Machine A is accessed through the runtime, alternately through
 * an {@link AddressSpace} and a {@link CpuState}; machine B through the reference, which resolves every
 * address on its own by walking B's region tree (no renderer, no dispatch) and applies QEMU's access
 * rules (model document 2.4, 2.5) itself, calling B's device callbacks and using B's RAM blocks as plain
 * storage. After every step the values, the {@link MemTxResult}s and the device callback logs (addr,
 * size, value) must be equal; after every change A's flat view must equal the reference's resolution at
 * every 0x40 bytes; RAM contents are compared every 64 steps and at the end. The CPU path differs in the
 * one documented way: a store into a read-only RAM or ROM range (own or inherited) is discarded with OK.
 *
 * <p>Seeds: {@code -Dreliability.seed=N} runs one seed; {@code -Dreliability.seeds=N} sets the count.
 */
class ReferenceModelTest {

    private static final long SPAN = 0x8000L;
    private static final long GRAIN = 0x80L;
    private static final int STEPS = 700;
    private static final long ANCHOR = 0x100000L;

    private static final AccessConstraints[] VALID = {AccessConstraints.VALID_DEFAULT, AccessConstraints.of(1, 4),
        AccessConstraints.of(1, 8, true), AccessConstraints.of(4, 4), AccessConstraints.of(2, 8),
        AccessConstraints.of(1, 2), AccessConstraints.of(0, 0, true)};
    private static final AccessConstraints[] IMPL = {AccessConstraints.IMPL_DEFAULT, AccessConstraints.of(1, 1),
        AccessConstraints.of(4, 8), AccessConstraints.of(1, 8, true), AccessConstraints.of(2, 4),
        AccessConstraints.of(8, 8)};
    private static final DeviceEndianness[] ENDIAN = {DeviceEndianness.NATIVE, DeviceEndianness.LITTLE,
        DeviceEndianness.BIG};

    /** A device whose reads are a function of (salt, addr, size) and whose callbacks are logged. */
    static final class Dev implements MmioOps {
        final String name;
        final long salt;
        final AccessConstraints valid;
        final AccessConstraints impl;
        final DeviceEndianness endian;
        final boolean picky;
        final StringBuilder log;

        Dev(String name, SplittableRandom rnd, StringBuilder log) {
            this.name = name;
            this.salt = rnd.nextLong();
            this.valid = VALID[rnd.nextInt(VALID.length)];
            this.impl = IMPL[rnd.nextInt(IMPL.length)];
            this.endian = ENDIAN[rnd.nextInt(ENDIAN.length)];
            this.picky = rnd.nextInt(4) == 0;
            this.log = log;
        }

        @Override
        public long read(long addr, int size) {
            final long v = (addr * 0x9e3779b97f4a7c15L) ^ (salt + size);
            log.append(name).append(" r ").append(Long.toHexString(addr)).append(' ').append(size).append(" -> ")
                    .append(Long.toHexString(v)).append('\n');
            return v;
        }

        @Override
        public void write(long addr, long value, int size) {
            log.append(name).append(" w ").append(Long.toHexString(addr)).append(' ').append(size).append(' ')
                    .append(Long.toHexString(value)).append('\n');
        }

        @Override
        public boolean accepts(long addr, int size, boolean isWrite, MemTxAttrs attrs) {
            return !picky || (addr & 0x3f) != 0x3c;
        }

        @Override
        public DeviceEndianness endianness() {
            return endian;
        }

        @Override
        public AccessConstraints valid() {
            return valid;
        }

        @Override
        public AccessConstraints impl() {
            return impl;
        }
    }

    /** One machine: root, regions in creation order, devices by region. */
    static final class Machine {
        final MemorySystem system = new MemorySystem();
        final MemoryRegion root = MemoryRegion.container(system, "root", MemoryRegion.SIZE_2_64);
        final List<MemoryRegion> regions = new ArrayList<>();
        final List<MemoryRegion> containers = new ArrayList<>();
        final Map<MemoryRegion, Dev> devices = new HashMap<>();
        final StringBuilder log = new StringBuilder();
        /** The IOMMU's target: RAM at 0, a device at 0x4000, a hole above. */
        final MemoryRegion dmaRoot = MemoryRegion.container(system, "dma-root", MemoryRegion.SIZE_2_64);
        AddressSpace dma;
    }

    private static final long IOMMU_MASK = 0xffL;

    /** The test IOMMU's answer for region offset {@code x}: permission in the low 2 bits, page above. */
    static long iommuAnswer(long x) {
        final long page = x >>> 8;
        final int sel = (int) ((page * 7 + 3) % 5);
        final int perm = sel == 0 ? IommuTlbEntry.PERM_NONE : sel == 1 ? IommuTlbEntry.PERM_READ
                : sel == 2 ? IommuTlbEntry.PERM_WRITE : IommuTlbEntry.PERM_RW;
        final long translated = (page * 0x1300L) % 0x5000L & ~IOMMU_MASK;
        return translated | perm;
    }

    static Machine build(long seed) {
        final SplittableRandom rnd = new SplittableRandom(seed);
        final Machine m = new Machine();
        final MemorySystem sys = m.system;
        // a fixed RAM away from everything: the root always has two children, so no sharing walk skips it
        final MemoryRegion anchor = MemoryRegion.ram(sys, "anchor", 0x1000);
        m.root.addSubregion(ANCHOR, anchor);
        m.containers.add(m.root);
        final MemoryRegion dmaRam = MemoryRegion.ram(sys, "dma-ram", 0x4000);
        for (long p = 0; p < 0x4000; p += 8) {
            dmaRam.ramBlock().stqLe(p, p * 0x9e3779b97f4a7c15L);
        }
        m.dmaRoot.addSubregion(0, dmaRam);
        final Dev dmaDev = new Dev("dma-dev", new SplittableRandom(seed ^ 0x5555), m.log);
        final MemoryRegion dmaIo = MemoryRegion.io(sys, "dma-dev", 0x400, dmaDev);
        m.devices.put(dmaIo, dmaDev);
        m.dmaRoot.addSubregion(0x4000, dmaIo);
        m.dma = sys.newAddressSpace(m.dmaRoot, "dma");
        for (int b = 0; b < 2; b++) {
            final MemoryRegion box = MemoryRegion.container(sys, "box" + b, 0x4000);
            m.containers.add(box);
            m.regions.add(box);
        }
        final int n = 8 + rnd.nextInt(8);
        final List<MemoryRegion> targets = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            final long size = GRAIN * (1 + rnd.nextInt(48));
            final MemoryRegion mr;
            switch (rnd.nextInt(10)) {
                case 0:
                case 1:
                    mr = MemoryRegion.ram(sys, "ram" + i, size);
                    break;
                case 2:
                    mr = MemoryRegion.rom(sys, "rom" + i, size);
                    break;
                case 3: {
                    final Dev d = new Dev("romd" + i, rnd, m.log);
                    mr = MemoryRegion.romDevice(sys, d.name, size, d);
                    m.devices.put(mr, d);
                    break;
                }
                case 4:
                case 5: {
                    final Dev d = new Dev("io" + i, rnd, m.log);
                    mr = MemoryRegion.io(sys, d.name, size, d);
                    m.devices.put(mr, d);
                    break;
                }
                case 6:
                    mr = MemoryRegion.reservation(sys, "resv" + i, size);
                    break;
                case 9:
                    mr = MemoryRegion.iommu(sys, "iommu" + i, size, new IommuOps() {
                        @Override
                        public void translate(IommuTlbEntry e, long addr, int access, int idx) {
                            final long answer = iommuAnswer(addr);
                            e.set(m.dma, addr, answer & ~IOMMU_MASK, IOMMU_MASK, (int) (answer & 3));
                        }
                    });
                    break;
                default:
                    if (targets.isEmpty()) {
                        mr = MemoryRegion.ram(sys, "ram" + i, size);
                        break;
                    }
                    final MemoryRegion target = targets.get(rnd.nextInt(targets.size()));
                    final long off = GRAIN * rnd.nextInt((int) (target.size() / GRAIN) + 1);
                    mr = MemoryRegion.alias(sys, "alias" + i, target, off, size);
                    break;
            }
            if (mr.kind() != MemoryRegion.Kind.ALIAS && !mr.isIommu()) {
                targets.add(mr);
            }
            if (mr.ramBlock() != null) {
                for (long p = 0; p < mr.size(); p += GRAIN) {
                    if (rnd.nextBoolean()) {
                        final byte[] bytes = new byte[(int) GRAIN];
                        for (int k = 0; k < bytes.length; k++) {
                            bytes[k] = (byte) rnd.nextInt();
                        }
                        mr.ramBlock().write(p, bytes, 0, bytes.length);
                    }
                }
            }
            m.regions.add(mr);
        }
        targets.add(m.containers.get(1));
        for (MemoryRegion mr : m.regions) {
            if (rnd.nextInt(6) == 0) {
                continue; // left unmapped, for later adds
            }
            add(m, mr, rnd);
        }
        return m;
    }

    private static String add(Machine m, MemoryRegion mr, SplittableRandom rnd) {
        final MemoryRegion parent = m.containers.get(rnd.nextInt(m.containers.size()));
        final long limit = parent == m.root ? SPAN : parent.size();
        final long at = GRAIN * rnd.nextInt((int) (limit / GRAIN));
        final int prio = rnd.nextInt(4) - 1;
        try {
            parent.addSubregionOverlap(at, mr, prio);
            return "add ok";
        } catch (RuntimeException e) {
            return "add " + e.getClass().getSimpleName();
        }
    }

    /** One random topology change; @return its outcome, which must be equal on both machines. */
    static String mutate(Machine m, SplittableRandom rnd, int depth) {
        final MemoryRegion r = m.regions.get(rnd.nextInt(m.regions.size()));
        try {
            switch (rnd.nextInt(10)) {
                case 0:
                    return r.container() == null ? add(m, r, rnd) : "skip";
                case 1:
                    if (r.container() == null) {
                        return "skip";
                    }
                    r.container().removeSubregion(r);
                    return "remove ok";
                case 2:
                case 3:
                    r.setEnabled(!r.isEnabled());
                    return "enable ok";
                case 4:
                    r.setReadonly(!r.isReadonly());
                    return "readonly ok";
                case 5: {
                    final MemoryRegion parent = r.container();
                    if (parent == null) {
                        return "skip";
                    }
                    final long limit = parent == m.root ? SPAN : parent.size();
                    r.setAddress(GRAIN * rnd.nextInt((int) (limit / GRAIN)));
                    return "address ok";
                }
                case 6: {
                    if (r.aliasTarget() == null) {
                        return "skip";
                    }
                    r.setAliasOffset(GRAIN * rnd.nextInt((int) (r.aliasTarget().size() / GRAIN) + 1));
                    return "alias offset ok";
                }
                case 7: {
                    final MemoryRegion parent = r.container();
                    if (parent == null) {
                        return "skip";
                    }
                    final long at = r.addr();
                    final int prio = rnd.nextInt(5) - 2;
                    m.system.transaction(() -> {
                        parent.removeSubregion(r);
                        parent.addSubregionOverlap(at, r, prio);
                    });
                    return "priority ok";
                }
                case 8:
                    if (!r.isRomDevice()) {
                        return "skip";
                    }
                    r.setRomdMode(!r.romdMode());
                    return "romd ok";
                default: {
                    if (depth > 2) {
                        return "skip";
                    }
                    final StringBuilder out = new StringBuilder("tx[");
                    final AddressSpace as = m.system.addressSpaces().isEmpty() ? null : m.system.addressSpaces().get(0);
                    final FlatView before = as == null ? null : as.flatView();
                    m.system.beginTransaction();
                    try {
                        final int k = 1 + rnd.nextInt(4);
                        for (int i = 0; i < k; i++) {
                            out.append(mutate(m, rnd, depth + 1)).append(';');
                            if (as != null) {
                                // nothing is published while a transaction is open
                                assertSame(before, as.flatView(), "view published inside a transaction");
                            }
                        }
                    } finally {
                        m.system.commitTransaction();
                    }
                    return out.append(']').toString();
                }
            }
        } catch (RuntimeException e) {
            return "threw " + e.getClass().getSimpleName();
        }
    }

    // ------------------------------------------------------------------------------------ the reference

    /** Where one address lands: the terminal region, the offset in it and the inherited readonly flag. */
    static final class Hit {
        final MemoryRegion mr;
        final long offset;
        final boolean readonly;

        Hit(MemoryRegion mr, long offset, boolean readonly) {
            this.mr = mr;
            this.offset = offset;
            this.readonly = readonly;
        }

        boolean continues(Hit prev, long step) {
            return prev != null && mr == prev.mr && offset == prev.offset + step && readonly == prev.readonly;
        }
    }

    static Hit resolve(MemoryRegion root, long addr) {
        return resolveIn(root, addr - root.addr(), false);
    }

    /** {@code rel} is the address relative to {@code mr}'s own start. */
    private static Hit resolveIn(MemoryRegion mr, long rel, boolean ro) {
        if (!mr.isEnabled()) {
            return null;
        }
        if (mr.size() != MemoryRegion.SIZE_2_64 && Long.compareUnsigned(rel, mr.size()) >= 0) {
            return null;
        }
        final boolean readonly = ro || mr.isReadonly();
        if (mr.kind() == MemoryRegion.Kind.ALIAS) {
            // the target's own address does not count; its enabled flag, size and readonly flag do
            return resolveIn(mr.aliasTarget(), rel + mr.aliasOffset(), readonly);
        }
        for (MemoryRegion c : mr.subregions()) {
            if (Long.compareUnsigned(rel, c.addr()) >= 0) {
                final Hit h = resolveIn(c, rel - c.addr(), readonly);
                if (h != null) {
                    return h;
                }
            }
        }
        if (mr.kind() == MemoryRegion.Kind.CONTAINER) {
            return null;
        }
        return new Hit(mr, rel, readonly);
    }

    /** Where an access through an IOMMU lands: the target address, the length left in its page. */
    static final class Through {
        boolean denied;
        long addr;
        long plen;
        Hit hit;
    }

    /** QEMU's address_space_translate_iommu for the test IOMMU, from region offset {@code x}. */
    static Through through(Machine m, long x, long plen, boolean isWrite, MemTxAttrs attrs) {
        final Through t = new Through();
        final long answer = iommuAnswer(x);
        final int access = isWrite ? IommuTlbEntry.PERM_WRITE : IommuTlbEntry.PERM_READ;
        if ((answer & access) == 0) {
            t.denied = true;
            final long left = (x | IOMMU_MASK) - x + 1;
            t.plen = attrs.memory() ? plen : Math.min(plen, left);
            return t;
        }
        t.addr = (answer & ~IOMMU_MASK) | (x & IOMMU_MASK);
        t.plen = Math.min(plen, (t.addr | IOMMU_MASK) - t.addr + 1);
        t.hit = resolve(m.dmaRoot, t.addr);
        return t;
    }

    /** @return how many of {@code max} bytes from {@code addr} continue {@code first} (or a hole, if null) */
    static int run(MemoryRegion root, Hit first, long addr, int max) {
        Hit prev = first;
        int n = 1;
        while (n < max) {
            final Hit h = resolve(root, addr + n);
            if (first == null ? h != null : (h == null || !h.continues(prev, 1))) {
                break;
            }
            prev = h;
            n++;
        }
        return n;
    }

    /** @return whether {@code size} bytes from {@code addr} lie in one flat range with {@code first} */
    private static boolean fits(MemoryRegion root, Hit first, long addr, int size) {
        Hit prev = first;
        for (int i = 1; i < size; i++) {
            final Hit h = resolve(root, addr + i);
            if (h == null || !h.continues(prev, 1)) {
                return false;
            }
            prev = h;
        }
        return true;
    }

    private static boolean directRead(MemoryRegion mr) {
        return mr.isRam() || (mr.isRomDevice() && mr.romdMode());
    }

    static long mask(int size) {
        return size == 8 ? -1L : (1L << (8 * size)) - 1;
    }

    static long swap(long v, int size) {
        return Long.reverseBytes(v) >>> (64 - 8 * size);
    }

    private static boolean valid(Dev d, long x, int size, boolean isWrite) {
        if (!d.accepts(x, size, isWrite, MemTxAttrs.UNSPECIFIED)) {
            return false;
        }
        if (!d.valid.unaligned() && (x & (size - 1)) != 0) {
            return false;
        }
        if (d.valid.maxAccessSize() == 0) {
            return true;
        }
        return size >= d.valid.minAccessSize() && size <= d.valid.maxAccessSize();
    }

    private static int implMin(Dev d) {
        return d.impl.minAccessSize() == 0 ? 1 : d.impl.minAccessSize();
    }

    private static int implMax(Dev d) {
        return d.impl.maxAccessSize() == 0 ? 4 : d.impl.maxAccessSize();
    }

    /** memory_region_dispatch_read: @return the value; result in out[0] */
    private static long dispatchRead(Dev d, long x, int size, boolean be, int[] out) {
        if (!valid(d, x, size, false)) {
            out[0] = MemTxResult.DECODE_ERROR;
            return 0;
        }
        final boolean devBe = d.endian == DeviceEndianness.BIG;
        final int access = Math.max(Math.min(size, implMax(d)), implMin(d));
        long v = 0;
        for (int i = 0; i < size; i += access) {
            final long tmp = d.read(x + i, access) & mask(access);
            final int shift = devBe ? (size - access - i) * 8 : i * 8;
            v |= shift >= 0 ? tmp << shift : tmp >>> -shift;
        }
        out[0] = MemTxResult.OK;
        return be == devBe ? v & mask(size) : swap(v, size);
    }

    private static int dispatchWrite(Dev d, long x, long value, int size, boolean be) {
        if (!valid(d, x, size, true)) {
            return MemTxResult.DECODE_ERROR;
        }
        final boolean devBe = d.endian == DeviceEndianness.BIG;
        final long v = be == devBe ? value & mask(size) : swap(value, size);
        final int access = Math.max(Math.min(size, implMax(d)), implMin(d));
        for (int i = 0; i < size; i += access) {
            final int shift = devBe ? (size - access - i) * 8 : i * 8;
            d.write(x + i, (shift >= 0 ? v >>> shift : v << -shift) & mask(access), access);
        }
        return MemTxResult.OK;
    }

    /** memory_access_size */
    private static int accessSize(Dev d, long left, long x) {
        long max = d.valid.maxAccessSize() == 0 ? 4 : d.valid.maxAccessSize();
        if (!d.impl.unaligned()) {
            final long align = x & -x;
            if (align != 0 && Long.compareUnsigned(align, max) < 0) {
                max = align;
            }
        }
        return (int) Long.highestOneBit(Math.min(left, max));
    }

    static long refLoad(Machine m, long addr, int size, boolean be, MemTxAttrs attrs, int[] out) {
        Hit h = resolve(m.root, addr);
        MemoryRegion root = m.root;
        long at = addr;
        long plen = size;
        if (h != null && h.mr.isIommu()) {
            final Through t = through(m, h.offset, size, false, attrs);
            h = t.denied ? null : t.hit;
            root = m.dmaRoot;
            at = t.addr;
            plen = t.plen;
        }
        if (h == null) {
            out[0] = attrs.memory() ? MemTxResult.ACCESS_ERROR : MemTxResult.DECODE_ERROR;
            return 0;
        }
        if (attrs.memory() && !h.mr.isRam()) {
            out[0] = MemTxResult.ACCESS_ERROR;
            return 0;
        }
        if (directRead(h.mr) && plen >= size && fits(root, h, at, size)) {
            out[0] = MemTxResult.OK;
            return h.mr.ramBlock().load(h.offset, size, be);
        }
        final Dev d = m.devices.get(h.mr);
        if (d == null) {
            out[0] = MemTxResult.DECODE_ERROR;
            return 0;
        }
        return dispatchRead(d, h.offset, size, be, out);
    }

    static int refStore(Machine m, long addr, int size, long value, boolean be, MemTxAttrs attrs, boolean cpu) {
        Hit h = resolve(m.root, addr);
        if (h == null) {
            return attrs.memory() ? MemTxResult.ACCESS_ERROR : MemTxResult.DECODE_ERROR;
        }
        boolean fits = fits(m.root, h, addr, size);
        if (cpu && !attrs.debug() && h.mr.isRam() && h.readonly && fits) {
            return MemTxResult.OK; // TLB_DISCARD_WRITE
        }
        if (h.mr.isIommu()) {
            final Through t = through(m, h.offset, size, true, attrs);
            if (t.denied || t.hit == null) {
                return attrs.memory() ? MemTxResult.ACCESS_ERROR : MemTxResult.DECODE_ERROR;
            }
            h = t.hit;
            fits = t.plen >= size && fits(m.dmaRoot, h, t.addr, size);
        }
        if (attrs.memory() && !h.mr.isRam()) {
            return MemTxResult.ACCESS_ERROR;
        }
        final boolean direct = (h.mr.isRam() && !h.mr.isReadonly()) || (attrs.debug() && directRead(h.mr));
        if (direct && fits) {
            h.mr.ramBlock().store(h.offset, size, value, be);
            return MemTxResult.OK;
        }
        final Dev d = m.devices.get(h.mr);
        if (d == null) {
            return MemTxResult.DECODE_ERROR;
        }
        return dispatchWrite(d, h.offset, value & mask(size), size, be);
    }

    static int refRead(Machine m, long addr, MemTxAttrs attrs, byte[] buf) {
        int result = MemTxResult.OK;
        int done = 0;
        final int[] out = new int[1];
        while (done < buf.length) {
            final long a = addr + done;
            Hit h = resolve(m.root, a);
            int room = buf.length - done;
            if (h != null && h.mr.isIommu()) {
                // the whole translated piece is done in the target, as QEMU (MMIO lengths are not clamped
                // to the IOMMU region; the piece ends at the IOMMU page)
                final Through t = through(m, h.offset, room, false, attrs);
                if (t.denied && attrs.memory()) {
                    return result | MemTxResult.ACCESS_ERROR;
                }
                final Hit th = t.hit;
                final int piece = (int) t.plen;
                if (t.denied) {
                    for (int i = 0; i < piece; i++) {
                        buf[done++] = 0;
                    }
                    result |= MemTxResult.DECODE_ERROR;
                } else if ((th == null || !th.mr.isRam()) && attrs.memory()) {
                    done += piece;
                    result |= MemTxResult.ACCESS_ERROR;
                } else if (th != null && directRead(th.mr)) {
                    final int n = run(m.dmaRoot, th, t.addr, piece);
                    for (int i = 0; i < n; i++) {
                        buf[done++] = (byte) th.mr.ramBlock().ldub(th.offset + i);
                    }
                } else if (th != null && m.devices.containsKey(th.mr)) {
                    final Dev d = m.devices.get(th.mr);
                    final int l = accessSize(d, piece, th.offset);
                    final long v = dispatchRead(d, th.offset, l, false, out);
                    result |= out[0];
                    for (int i = 0; i < l; i++) {
                        buf[done + i] = (byte) (v >>> (8 * i));
                    }
                    done += l;
                } else {
                    final int n = run(m.dmaRoot, th, t.addr, piece);
                    for (int i = 0; i < n; i++) {
                        buf[done++] = 0;
                    }
                    result |= MemTxResult.DECODE_ERROR;
                }
                continue;
            }
            if ((h == null || !h.mr.isRam()) && attrs.memory()) {
                return result | MemTxResult.ACCESS_ERROR; // the rest is refused and left unchanged
            }
            if (h == null) {
                buf[done++] = 0;
                result |= MemTxResult.DECODE_ERROR;
            } else if (directRead(h.mr)) {
                buf[done++] = (byte) h.mr.ramBlock().ldub(h.offset);
            } else if (!m.devices.containsKey(h.mr)) {
                buf[done++] = 0;
                result |= MemTxResult.DECODE_ERROR;
            } else {
                final Dev d = m.devices.get(h.mr);
                final int l = accessSize(d, room, h.offset);
                final long v = dispatchRead(d, h.offset, l, false, out);
                result |= out[0];
                for (int i = 0; i < l; i++) {
                    buf[done + i] = (byte) (v >>> (8 * i));
                }
                done += l;
            }
        }
        return result;
    }

    static int refWrite(Machine m, long addr, MemTxAttrs attrs, byte[] buf) {
        int result = MemTxResult.OK;
        int done = 0;
        while (done < buf.length) {
            final long a = addr + done;
            Hit h = resolve(m.root, a);
            int room = buf.length - done;
            if (h != null && h.mr.isIommu()) {
                final Through t = through(m, h.offset, room, true, attrs);
                if (t.denied && attrs.memory()) {
                    return result | MemTxResult.ACCESS_ERROR;
                }
                final Hit th = t.hit;
                final int piece = (int) t.plen;
                if (t.denied) {
                    done += piece;
                    result |= MemTxResult.DECODE_ERROR;
                } else if ((th == null || !th.mr.isRam()) && attrs.memory()) {
                    done += piece;
                    result |= MemTxResult.ACCESS_ERROR;
                } else if (th != null && ((th.mr.isRam() && !th.mr.isReadonly()) || (attrs.debug() && directRead(th.mr)))) {
                    final int n = run(m.dmaRoot, th, t.addr, piece);
                    for (int i = 0; i < n; i++) {
                        th.mr.ramBlock().stb(th.offset + i, buf[done++]);
                    }
                } else if (th != null && m.devices.containsKey(th.mr)) {
                    final Dev d = m.devices.get(th.mr);
                    final int l = accessSize(d, piece, th.offset);
                    long v = 0;
                    for (int i = 0; i < l; i++) {
                        v |= (buf[done + i] & 0xffL) << (8 * i);
                    }
                    result |= dispatchWrite(d, th.offset, v, l, false);
                    done += l;
                } else {
                    done += run(m.dmaRoot, th, t.addr, piece);
                    result |= MemTxResult.DECODE_ERROR;
                }
                continue;
            }
            if ((h == null || !h.mr.isRam()) && attrs.memory()) {
                return result | MemTxResult.ACCESS_ERROR;
            }
            if (h == null) {
                done++;
                result |= MemTxResult.DECODE_ERROR;
            } else if ((h.mr.isRam() && !h.mr.isReadonly()) || (attrs.debug() && directRead(h.mr))) {
                h.mr.ramBlock().stb(h.offset, buf[done++]);
            } else if (!m.devices.containsKey(h.mr)) {
                done++;
                result |= MemTxResult.DECODE_ERROR;
            } else {
                final Dev d = m.devices.get(h.mr);
                final int l = accessSize(d, room, h.offset);
                long v = 0;
                for (int i = 0; i < l; i++) {
                    v |= (buf[done + i] & 0xffL) << (8 * i);
                }
                result |= dispatchWrite(d, h.offset, v, l, false);
                done += l;
            }
        }
        return result;
    }

    // ---------------------------------------------------------------------------------------- the test

    private static void assertSameView(Machine a, Machine b, FlatView view, Supplier<String> where) {
        for (long addr = 0; addr < SPAN + 0x800; addr += 0x40) {
            checkPoint(b, view, addr, where);
        }
        checkPoint(b, view, ANCHOR, where);
    }

    private static void checkPoint(Machine b, FlatView view, long addr, Supplier<String> where) {
        final Hit h = resolve(b.root, addr);
        final FlatRange fr = view.lookup(addr);
        final String expect = h == null ? "hole" : h.mr.name() + "@" + Long.toHexString(h.offset) + (h.readonly ? " ro" : "");
        final String got = fr == null ? "hole" : fr.region().name() + "@"
                + Long.toHexString(fr.offsetInRegion() + (addr - fr.start())) + (fr.readonly() ? " ro" : "");
        assertEquals(expect, got, () -> where.get() + " view at 0x" + Long.toHexString(addr));
    }

    /** What the reference and the runtime's view say about {@code addr}, for failure messages. */
    private static String describe(Machine a, Machine b, AddressSpace as, long addr) {
        final Hit h = resolve(b.root, addr);
        final FlatRange fr = as.flatView().lookup(addr);
        return " [reference: " + (h == null ? "hole" : h.mr.name() + " " + h.mr.kind() + " @" + Long.toHexString(h.offset)
                + (h.readonly ? " ro" : "") + (h.mr.isReadonly() ? " own-ro" : "") + (h.mr.isRomDevice() ? " romd=" + h.mr.romdMode() : ""))
                + "; view: " + (fr == null ? "hole" : fr.region().name() + " " + Long.toHexString(fr.start()) + "-"
                + Long.toHexString(fr.last()) + " @" + Long.toHexString(fr.offsetInRegion()) + (fr.readonly() ? " ro" : "")) + "]";
    }

    private static void assertSameRam(Machine a, Machine b, Supplier<String> where) {
        for (int i = 0; i < a.regions.size(); i++) {
            final MemoryRegion ra = a.regions.get(i);
            if (ra.ramBlock() == null) {
                continue;
            }
            final int n = (int) ra.size();
            assertArrayEquals(b.regions.get(i).ramBlock().snapshot(0, n), ra.ramBlock().snapshot(0, n),
                    () -> where.get() + " contents of " + ra.name());
        }
    }

    /**
     * Found by seed 188: clearing the own readonly flag of a ROM under a read-only container renders the
     * same ranges (the inherited flag stays), and the published view used to be kept with a dispatch
     * built while the ROM was read-only; address_space_write (which checks the leaf's own flag) then
     * refused a write QEMU makes.
     */
    @Test
    void clearingTheOwnReadonlyFlagUnderAReadonlyContainerIsSeenByTheAccessPath() {
        final Machine m = new Machine();
        final MemoryRegion box = MemoryRegion.container(m.system, "box", 0x2000);
        final MemoryRegion rom = MemoryRegion.rom(m.system, "rom", 0x1000);
        box.addSubregion(0, rom);
        box.setReadonly(true);
        m.root.addSubregion(0x1000, box);
        m.root.addSubregion(ANCHOR, MemoryRegion.ram(m.system, "anchor", 0x1000));
        final AddressSpace as = m.system.newAddressSpace(m.root, "as");
        final CpuState cpu = new CpuState(m.system, 0);
        CpuState.ensureDefaultAddressSpace(cpu, m.root);
        assertEquals(MemTxResult.DECODE_ERROR, as.stb(0x1010, 0x42, MemTxAttrs.UNSPECIFIED), "ROM");
        rom.setReadonly(false);
        assertEquals(MemTxResult.OK, as.stb(0x1010, 0x42, MemTxAttrs.UNSPECIFIED), "RAM under a read-only container");
        assertEquals(0x42, rom.ramBlock().ldub(0x10), "address_space_write writes (model document 2.7)");
        assertEquals(MemTxResult.OK, cpu.stb(0x1011, 0x43, MemTxAttrs.UNSPECIFIED));
        assertEquals(0, rom.ramBlock().ldub(0x11), "the CPU path discards (inherited readonly)");
        rom.setReadonly(true);
        assertEquals(MemTxResult.DECODE_ERROR, as.stb(0x1010, 0x44, MemTxAttrs.UNSPECIFIED), "ROM again");
        assertEquals(0x42, rom.ramBlock().ldub(0x10));
    }

    @Test
    void runtimeAgreesWithTheReferenceModel() {
        final String one = System.getProperty("reliability.seed");
        final int seeds = Integer.getInteger("reliability.seeds", 400);
        final long first = one == null ? 0 : Long.parseLong(one);
        final int count = one == null ? seeds : 1;
        long accesses = 0;
        long changes = 0;
        long callbacks = 0;
        long discarded = 0;
        long throughIommu = 0;
        for (long seed = first; seed < first + count; seed++) {
            final Machine a = build(seed);
            final Machine b = build(seed);
            final AddressSpace as = a.system.newAddressSpace(a.root, "as");
            final CpuState cpu = new CpuState(a.system, 0);
            CpuState.ensureDefaultAddressSpace(cpu, a.root);
            b.system.newAddressSpace(b.root, "ref");
            final SplittableRandom rnd = new SplittableRandom(seed * 31 + 7);
            final AccessResult res = new AccessResult();
            final int[] out = new int[1];
            final long sd = seed;
            assertSameView(a, b, as.flatView(), () -> "seed " + sd + " initial");
            for (int step = 0; step < STEPS; step++) {
                final int st = step;
                final int kind = rnd.nextInt(100);
                if (kind < 6) {
                    final long s = rnd.nextLong();
                    final String oa = mutate(a, new SplittableRandom(s), 0);
                    final String ob = mutate(b, new SplittableRandom(s), 0);
                    assertEquals(ob, oa, "seed " + sd + " step " + st + ": change outcome");
                    assertSame(as.flatView(), cpu.as().flatView());
                    assertSameView(a, b, as.flatView(), () -> "seed " + sd + " step " + st + " after " + oa);
                    changes++;
                    continue;
                }
                final MemTxAttrs attrs = rnd.nextInt(8) != 0 ? MemTxAttrs.UNSPECIFIED
                        : rnd.nextBoolean() ? MemTxAttrs.NONE.withMemory(true) : MemTxAttrs.DEBUG_ACCESS;
                final long addr = rnd.nextInt(16) == 0 ? ANCHOR - 8 + rnd.nextInt(0x1010) : rnd.nextLong(SPAN + 0x100);
                final Hit landing = resolve(b.root, addr);
                if (landing != null && landing.mr.isIommu()) {
                    throughIommu++;
                }
                final boolean viaCpu = rnd.nextBoolean();
                final int size = 1 << rnd.nextInt(4);
                final boolean be = rnd.nextBoolean();
                final Supplier<String> where = () -> "seed " + sd + " step " + st + " addr=0x" + Long.toHexString(addr)
                        + " size=" + size + (be ? " be " : " le ") + attrs + (viaCpu ? " cpu" : " as") + describe(a, b, as, addr);
                if (kind < 45) {
                    final long got = viaCpu ? cpu.load(addr, size, be, attrs, res) : as.load(addr, size, be, attrs, res);
                    final long want = refLoad(b, addr, size, be, attrs, out);
                    assertEquals(Long.toHexString(want), Long.toHexString(got), where);
                    assertEquals(out[0], res.get(), where);
                } else if (kind < 80) {
                    final long value = rnd.nextLong();
                    final int got = viaCpu ? cpu.store(addr, size, value, be, attrs) : as.store(addr, size, value, be, attrs);
                    final int want = refStore(b, addr, size, value, be, attrs, viaCpu);
                    assertEquals(want, got, where);
                    if (viaCpu && got == MemTxResult.OK && b.log.length() == 0) {
                        final Hit h = resolve(b.root, addr);
                        if (h != null && h.mr.isRam() && h.readonly) {
                            discarded++;
                        }
                    }
                } else if (kind < 90) {
                    final byte[] ba = new byte[1 + rnd.nextInt(24)];
                    final byte[] bb = new byte[ba.length];
                    java.util.Arrays.fill(ba, (byte) 0xee);
                    java.util.Arrays.fill(bb, (byte) 0xee);
                    final int got = as.read(addr, attrs, ba);
                    final int want = refRead(b, addr, attrs, bb);
                    assertEquals(want, got, () -> where.get() + " bulk read len " + ba.length);
                    assertArrayEquals(bb, ba, () -> where.get() + " bulk read len " + ba.length);
                } else {
                    final byte[] buf = new byte[1 + rnd.nextInt(24)];
                    rnd.nextBytes(buf);
                    final int got = as.write(addr, attrs, buf);
                    final int want = refWrite(b, addr, attrs, buf);
                    assertEquals(want, got, () -> where.get() + " bulk write len " + buf.length);
                }
                assertEquals(b.log.toString(), a.log.toString(), () -> where.get() + ": device callbacks");
                callbacks += b.log.chars().filter(c -> c == '\n').count();
                a.log.setLength(0);
                b.log.setLength(0);
                accesses++;
                if (step % 64 == 63) {
                    assertSameRam(a, b, where);
                }
            }
            assertSameRam(a, b, () -> "seed " + sd + " final");
        }
        System.out.println("[ReferenceModelTest] seeds=" + count + " steps=" + count * STEPS + " accesses=" + accesses
                + " (through an IOMMU: " + throughIommu + ")" + " topology changes=" + changes + " device callbacks=" + callbacks + " discarded cpu stores=" + discarded);
        assertTrue(accesses > count * STEPS / 2 && changes > count * 10 && (count < 20 || callbacks > count * 20)
                && (count < 20 || throughIommu > count * 5),
                "the run exercised accesses, changes and callbacks");
    }
}
