package dev.addrspace.targets.arm;

import dev.addrspace.cpu.CpuState;
import dev.addrspace.memory.MemTxAttrs;
import dev.addrspace.memory.MemoryRegion;
import dev.addrspace.memory.MemorySystem;

/**
 * Realizes the address spaces of an ARM CPU as QEMU's {@code arm_cpu_realizefn} does, through the
 * generated {@link ArmAddressSpaceSlots}:
 *
 * <ul>
 *   <li>{@code NS} ({@code cpu-memory-N}) on the CPU's memory, always;
 *   <li>{@code S} ({@code cpu-secure-memory-N}) when the CPU has EL3 or M-profile security, on the
 *       secure memory the board links, or on the CPU's memory when it links none (the two address
 *       spaces then share one flat view);
 *   <li>{@code TAG_NS} ({@code cpu-tag-memory-N}) when the board links tag memory (MTE), and
 *       {@code TAG_S} (also named {@code cpu-tag-memory-N}, as in QEMU) when it also has security.
 * </ul>
 *
 * <p>The attrs-to-index mapping is QEMU's {@code arm_asidx_from_attrs}: {@code attrs.secure} (or the
 * Root security space) selects {@code S}, anything else {@code NS}; MTE tag accesses use
 * {@link #tagAsIndexFromAttrs(MemTxAttrs)}.
 */
public final class ArmCpu {

    private ArmCpu() {
    }

    /** The accelerator a CPU runs under; only TCG supports EL3, M-profile and MTE. */
    public enum Accel {
        /** QEMU's TCG: software emulation, everything allowed. */
        TCG,
        /** KVM: no EL3, no M-profile, no MTE tag memory (QEMU's realize errors). */
        KVM
    }

    /**
     * What the board gives an ARM CPU: its features and the memory links QEMU names {@code memory},
     * {@code secure-memory}, {@code tag-memory} and {@code secure-tag-memory}.
     */
    public static final class Config {
        private Accel accel = Accel.TCG;
        private boolean el3;
        private boolean mProfile;
        private boolean mSecurity;
        private MemoryRegion memory;
        private MemoryRegion secureMemory;
        private MemoryRegion tagMemory;
        private MemoryRegion secureTagMemory;

        private Config() {
        }

        /**
         * Starts a configuration whose CPU memory is {@code memory} (QEMU's {@code memory} link).
         *
         * @param memory the root of the CPU's non-secure address space
         * @return a TCG configuration without EL3, M-profile or MTE
         * @throws NullPointerException if {@code memory} is null
         */
        public static Config of(MemoryRegion memory) {
            Config c = new Config();
            c.memory = requireNonNull(memory, "memory");
            return c;
        }

        /**
         * @param value the accelerator
         * @return this
         */
        public Config accel(Accel value) {
            accel = requireNonNull(value, "accel");
            return this;
        }

        /**
         * @param value whether the CPU implements EL3 (TrustZone), QEMU's {@code has_el3}
         * @return this
         */
        public Config el3(boolean value) {
            el3 = value;
            return this;
        }

        /**
         * Makes this an M-profile CPU, with or without the security extension.
         *
         * @param security whether it has {@code ARM_FEATURE_M_SECURITY}
         * @return this
         */
        public Config mProfile(boolean security) {
            mProfile = true;
            mSecurity = security;
            return this;
        }

        /**
         * @param value QEMU's {@code secure-memory} link: the root of the secure address space
         * @return this
         */
        public Config secureMemory(MemoryRegion value) {
            secureMemory = requireNonNull(value, "secureMemory");
            return this;
        }

        /**
         * @param value QEMU's {@code tag-memory} link: MTE tag storage, which adds {@code TAG_NS}
         * @return this
         */
        public Config tagMemory(MemoryRegion value) {
            tagMemory = requireNonNull(value, "tagMemory");
            return this;
        }

        /**
         * @param value QEMU's {@code secure-tag-memory} link: the secure tag space's root
         * @return this
         */
        public Config secureTagMemory(MemoryRegion value) {
            secureTagMemory = requireNonNull(value, "secureTagMemory");
            return this;
        }

        boolean hasSecurity() {
            return el3 || mSecurity;
        }
    }

    /**
     * Creates the CPU and its address spaces. Allocates.
     *
     * @param system the machine's memory system
     * @param cpuIndex the CPU's index, the suffix of its address-space names
     * @param config the CPU's features and memory links
     * @return the CPU, with its attrs-to-index mapping set
     * @throws IllegalArgumentException for what QEMU refuses: EL3, M-profile or MTE under KVM; a
     *     {@code secure-memory} link on a CPU without security; a {@code secure-tag-memory} link without
     *     tag memory or security; tag memory on a secure CPU without a {@code secure-tag-memory} link
     */
    public static CpuState realize(MemorySystem system, int cpuIndex, Config config) {
        checkAccel(config);
        boolean secure = config.hasSecurity();
        if (config.secureMemory != null && !secure) {
            throw new IllegalArgumentException("CPU " + cpuIndex
                    + ": a secure-memory link needs EL3 or M-profile security");
        }
        if (config.secureTagMemory != null && (!secure || config.tagMemory == null)) {
            throw new IllegalArgumentException("CPU " + cpuIndex
                    + ": a secure-tag-memory link needs tag memory and EL3 or M-profile security");
        }
        if (config.tagMemory != null && secure && config.secureTagMemory == null) {
            throw new IllegalArgumentException("CPU " + cpuIndex
                    + ": a secure CPU with tag memory needs a secure-tag-memory link");
        }
        ArmAddressSpaceSlots.Roots roots = ArmAddressSpaceSlots.roots().ns(config.memory);
        if (secure) {
            roots.s(config.secureMemory != null ? config.secureMemory : config.memory);
        }
        if (config.tagMemory != null) {
            roots.tagNs(config.tagMemory);
            if (secure) {
                roots.tagS(config.secureTagMemory);
            }
        }
        CpuState cpu = new CpuState(system, cpuIndex);
        roots.init(cpu);
        cpu.setAsIndexMapper(ArmCpu::asIndexFromAttrs);
        return cpu;
    }

    private static void checkAccel(Config config) {
        if (config.accel == Accel.TCG) {
            return;
        }
        // QEMU's messages, with its accelerator name.
        if (config.mProfile) {
            throw new IllegalArgumentException("Cannot enable " + config.accel + " when using an M-profile guest CPU");
        }
        if (config.el3) {
            throw new IllegalArgumentException("Cannot enable " + config.accel + " when guest CPU has EL3 enabled");
        }
        if (config.tagMemory != null) {
            throw new IllegalArgumentException("Cannot enable " + config.accel + " when guest CPUs has MTE enabled");
        }
    }

    /**
     * QEMU's {@code arm_asidx_from_attrs}: the secure space for a secure access (the Root security space
     * counts as secure), otherwise the non-secure one.
     *
     * @param attrs the access's attributes
     * @return {@link ArmAddressSpaceSlots#S} or {@link ArmAddressSpaceSlots#NS}
     */
    public static int asIndexFromAttrs(MemTxAttrs attrs) {
        return isSecure(attrs) ? ArmAddressSpaceSlots.S : ArmAddressSpaceSlots.NS;
    }

    /**
     * The tag space of an MTE tag access, as QEMU's {@code mte_helper.c} picks it.
     *
     * @param attrs the access's attributes
     * @return {@link ArmAddressSpaceSlots#TAG_S} or {@link ArmAddressSpaceSlots#TAG_NS}
     */
    public static int tagAsIndexFromAttrs(MemTxAttrs attrs) {
        return isSecure(attrs) ? ArmAddressSpaceSlots.TAG_S : ArmAddressSpaceSlots.TAG_NS;
    }

    private static boolean isSecure(MemTxAttrs attrs) {
        return attrs.secure() || attrs.space() == MemTxAttrs.SPACE_ROOT;
    }

    private static <T> T requireNonNull(T value, String what) {
        if (value == null) {
            throw new NullPointerException(what);
        }
        return value;
    }
}
