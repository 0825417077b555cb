package dev.addrspace.memory;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** Shared helpers of the structure tests. */
public final class TestSupport {

    /**
     * The one place that implements {@link MmioOps} in the structure tests: once the access work gives
     * the interface methods, only this needs updating.
     */
    public static final MmioOps NO_OPS = new MmioOps() {
    };

    private TestSupport() {
    }

    public static MemoryRegion io(MemorySystem sys, String name, long size) {
        return MemoryRegion.io(sys, name, size, NO_OPS);
    }

    /** "start-last name[ @oir] type prio" per range, comma separated. */
    public static String ranges(FlatView view) {
        return view.ranges().stream().map(TestSupport::range).collect(Collectors.joining(", "));
    }

    public static String ranges(AddressSpace as) {
        return ranges(as.flatView());
    }

    public static String range(FlatRange fr) {
        return Long.toHexString(fr.start()) + "-" + Long.toHexString(fr.last()) + " " + fr.region().name()
                + (fr.offsetInRegion() != 0 ? " @" + Long.toHexString(fr.offsetInRegion()) : "") + " "
                + (fr.readonly() ? "rom" : fr.region().typeLabel()) + " " + fr.region().priority();
    }

    /** A listener that records every call as a line. */
    public static final class Recorder implements MemoryListener {
        final String tag;
        final int priority;
        final List<String> log;

        Recorder(String tag, int priority, List<String> log) {
            this.tag = tag;
            this.priority = priority;
            this.log = log;
        }

        Recorder() {
            this("", 0, new ArrayList<>());
        }

        private void add(String s) {
            log.add(tag.isEmpty() ? s : tag + ":" + s);
        }

        private static String sec(MemoryRegionSection s) {
            return Long.toHexString(s.offsetWithinAddressSpace()) + "-" + Long.toHexString(s.last()) + " "
                    + s.region().name() + (s.offsetWithinRegion() != 0 ? " @" + Long.toHexString(s.offsetWithinRegion()) : "")
                    + (s.readonly() ? " ro" : "");
        }

        @Override
        public void begin() {
            add("begin");
        }

        @Override
        public void commit() {
            add("commit");
        }

        @Override
        public void regionAdd(MemoryRegionSection section) {
            add("add " + sec(section));
        }

        @Override
        public void regionDel(MemoryRegionSection section) {
            add("del " + sec(section));
        }

        @Override
        public void regionNop(MemoryRegionSection section) {
            add("nop " + sec(section));
        }

        @Override
        public void logStart(MemoryRegionSection section, int oldMask, int newMask) {
            add("log_start " + sec(section) + " " + oldMask + "->" + newMask);
        }

        @Override
        public void logStop(MemoryRegionSection section, int oldMask, int newMask) {
            add("log_stop " + sec(section) + " " + oldMask + "->" + newMask);
        }

        @Override
        public int priority() {
            return priority;
        }
    }
}
