package dev.addrspace.memory;

import static dev.addrspace.memory.MemoryRegion.SIZE_2_64;
import static dev.addrspace.memory.TestSupport.ranges;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** x86's per-CPU SMM roots: QEMU renders one view per CPU; with sharing on, one for all. */
class ShareEqualViewsTest {

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void perCpuSmmRoots(boolean share) {
        MemorySystem ms = new MemorySystem();
        ms.setShareEqualViews(share);
        MemoryRegion sys = MemoryRegion.container(ms, "system", SIZE_2_64);
        sys.addSubregion(0, MemoryRegion.ram(ms, "pc.ram", 0x8000000));
        sys.addSubregionOverlap(0xfec00000L, TestSupport.io(ms, "ioapic", 0x1000), 0);
        MemoryRegion smram = MemoryRegion.container(ms, "smram", 0x100000000L);
        smram.addSubregion(0xa0000, MemoryRegion.ram(ms, "smram-low", 0x20000));
        ms.newAddressSpace(sys, "memory");
        int cpus = 100;
        List<AddressSpace> smm = new ArrayList<>();
        for (int i = 0; i < cpus; i++) {
            MemoryRegion root = MemoryRegion.container(ms, "memory", SIZE_2_64);
            root.addSubregion(0, MemoryRegion.alias(ms, "memory", sys, 0, SIZE_2_64));
            root.addSubregionOverlap(0, MemoryRegion.alias(ms, "smram", smram, 0, 0x100000000L), 1);
            smm.add(ms.newAddressSpace(root, "cpu-smm-" + i));
        }
        long renders = ms.renderCount();
        sys.addSubregion(0x10000000, MemoryRegion.ram(ms, "extra", 0x1000));
        long perCommit = ms.renderCount() - renders;
        assertEquals(share ? 2 : cpus + 1, perCommit);
        for (AddressSpace as : smm) {
            assertEquals(ranges(smm.get(0)), ranges(as));
            if (share) {
                assertSame(smm.get(0).flatView(), as.flatView());
            } else if (as != smm.get(0)) {
                assertNotSame(smm.get(0).flatView(), as.flatView());
            }
        }
        assertEquals("0-9ffff pc.ram ram 0, a0000-bffff smram-low ram 0, c0000-7ffffff pc.ram @c0000 ram 0, "
                + "10000000-10000fff extra ram 0, fec00000-fec00fff ioapic i/o 0", ranges(smm.get(cpus - 1)));
        // A CPU whose SMRAM window differs gets its own view.
        MemoryRegion odd = smm.get(7).root().subregions().get(0);
        odd.setEnabled(false);
        assertNotSame(smm.get(0).flatView(), smm.get(7).flatView());
        assertSame(sys, smm.get(7).flatView().root());
    }
}
