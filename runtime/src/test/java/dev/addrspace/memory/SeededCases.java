package dev.addrspace.memory;

import java.util.SplittableRandom;

/**
 * Runs a randomized test as numbered cases, one seed each, the way the project's other randomized tests
 * do (see {@code ReferenceModelTest}). Seeds 0 to count − 1 run by default, so every run checks the same
 * cases. A failure names its seed and the command that replays it alone.
 *
 * <p>{@code -Dreliability.seed=N} (decimal or 0x hex) runs only seed N; {@code -Dreliability.seeds=N}
 * sets how many seeds run (the default is each test's own count).
 */
final class SeededCases {

    /** One case: gets its seed and a generator made from it. */
    @FunctionalInterface
    interface Case {
        /**
         * Runs the case.
         *
         * @param seed the case's seed
         * @param rnd a generator seeded with {@code seed}
         */
        void run(long seed, SplittableRandom rnd);
    }

    private SeededCases() {
    }

    /**
     * Runs {@code defaultCount} cases (or what the system properties ask for) and stops at the first
     * failure.
     *
     * @param test the test's name for the replay hint, {@code Class#method}
     * @param defaultCount how many seeds run when {@code reliability.seeds} is not set
     * @param body the case
     * @return the number of cases run
     * @throws AssertionError for the first failing case, naming its seed, with the failure as its cause
     */
    static int run(String test, int defaultCount, Case body) {
        final String one = System.getProperty("reliability.seed");
        final long first = one == null ? 0 : Long.decode(one.trim());
        final int count = one == null ? Integer.getInteger("reliability.seeds", defaultCount) : 1;
        for (long seed = first; seed < first + count; seed++) {
            try {
                body.run(seed, new SplittableRandom(seed));
            } catch (AssertionError | RuntimeException failure) {
                final AssertionError e = new AssertionError(test + " failed for seed " + seed
                        + " (replay it alone: -Dtest='" + test + "' -Dreliability.seed=" + seed + "): "
                        + failure.getMessage(), failure);
                throw e;
            }
        }
        return count;
    }

    /**
     * A long that is one of the edge values (0, ±1, the signed and unsigned extremes) one time in
     * {@code edgeOneIn}, otherwise uniform over all 64 bits.
     *
     * @param rnd the case's generator
     * @param edgeOneIn how rare the edge values are
     * @return the value
     */
    static long anyLong(SplittableRandom rnd, int edgeOneIn) {
        if (rnd.nextInt(edgeOneIn) == 0) {
            return EDGES[rnd.nextInt(EDGES.length)];
        }
        return rnd.nextLong();
    }

    /**
     * An int in {@code [min, max]}: one of the two bounds one time in four, otherwise uniform.
     *
     * @param rnd the case's generator
     * @param min the least value
     * @param max the greatest value
     * @return the value
     */
    static int intIn(SplittableRandom rnd, int min, int max) {
        switch (rnd.nextInt(8)) {
            case 0:
                return min;
            case 1:
                return max;
            default:
                return min + rnd.nextInt(max - min + 1);
        }
    }

    private static final long[] EDGES = {0, 1, -1, 2, -2, Long.MIN_VALUE, Long.MAX_VALUE, Long.MIN_VALUE + 1,
        Long.MAX_VALUE - 1};
}
