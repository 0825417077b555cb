package dev.addrspace.examples;

/** Placeholder entry point; replaced by the slot-layout report. */
public final class Main {
    private Main() {
    }

    /** @param args ignored */
    public static void main(String[] args) {
        System.out.println("addrspace");
    }
}
