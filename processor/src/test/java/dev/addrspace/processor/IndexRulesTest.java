package dev.addrspace.processor;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;

import com.google.testing.compile.Compilation;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The index rules against a brute-force reference: for seeded random index lists (so every run checks
 * the same cases), the processor reports exactly as many negative, duplicate, missing-zero and gap errors
 * as the reference counts, and a clean list generates a class whose {@code MAX} is one past the highest
 * index.
 */
class IndexRulesTest {

    static Stream<int[]> indexLists() {
        Random random = new Random(0x5107_0001L);
        List<int[]> lists = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            int n = 1 + random.nextInt(6);
            lists.add(IntStream.range(0, n).map(k -> random.nextInt(8) - 1).toArray());
        }
        // Clean declarations, in scrambled order, so that both outcomes are checked.
        lists.add(new int[] {2, 0, 1});
        lists.add(new int[] {0});
        lists.add(new int[] {3, 1, 4, 0, 2});
        return lists.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("indexLists")
    void errorsMatchTheReference(int[] indices) throws Exception {
        String[] body = new String[indices.length + 2];
        body[0] = "enum ErroneousRandom {";
        for (int k = 0; k < indices.length; k++) {
            body[k + 1] = "    @AddressSpace(index = " + indices[k] + ", prefix = \"cpu-c" + k + "\") C" + k
                    + (k + 1 < indices.length ? "," : "");
        }
        body[indices.length + 1] = "}";
        JavaFileObject source = Fixtures.source("ErroneousRandom", body);
        Compilation compilation = Fixtures.compile(source);

        Map<Message, Integer> expected = reference(indices);
        Map<Message, Integer> actual = new EnumMap<>(Message.class);
        for (Diagnostic<? extends JavaFileObject> d : compilation.errors()) {
            for (Message m : Message.values()) {
                if (d.getMessage(null).startsWith(m.tag())) {
                    actual.merge(m, 1, Integer::sum);
                }
            }
        }
        assertWithMessage("errors for indices %s", Arrays.toString(indices)).that(actual).isEqualTo(expected);
        if (expected.isEmpty()) {
            int max = Arrays.stream(indices).max().orElseThrow() + 1;
            assertThat(compilation.generatedSourceFile("test.ErroneousRandomSlots").orElseThrow()
                    .getCharContent(false).toString()).contains("public static final int MAX = " + max + ";");
        }
    }

    /** Counts the errors the index rules demand, straight from their definitions. */
    private static Map<Message, Integer> reference(int[] indices) {
        Map<Message, Integer> errors = new EnumMap<>(Message.class);
        TreeSet<Integer> declared = new TreeSet<>();
        for (int index : indices) {
            if (index < 0) {
                errors.merge(Message.NEGATIVE_INDEX, 1, Integer::sum);
            } else {
                declared.add(index);
            }
        }
        for (int value : declared) {
            long count = Arrays.stream(indices).filter(i -> i == value).count();
            if (count > 1) {
                errors.merge(Message.DUPLICATE_INDEX, (int) count, Integer::sum);
            }
        }
        if (!declared.contains(0)) {
            errors.put(Message.NO_INDEX_ZERO, 1);
        }
        if (!declared.isEmpty()) {
            // A gap is a maximal run of missing indices between 1 and the highest index.
            boolean inGap = false;
            for (int i = 1; i < declared.last(); i++) {
                boolean missing = !declared.contains(i);
                if (missing && !inGap) {
                    errors.merge(Message.INDEX_GAP, 1, Integer::sum);
                }
                inGap = missing;
            }
        }
        return errors;
    }
}
