package dev.addrspace.processor;

import static com.google.common.truth.Truth.assertThat;

import java.util.List;
import javax.lang.model.SourceVersion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The naming rules: accessor derivation, presence checks, class names, keywords and the prefix rule. */
class IdentifiersTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "NS, ns",
        "S, s",
        "TAG_NS, tagNs",
        "TAG_S, tagS",
        "SMM, smm",
        "X86_MEM, x86Mem",
        "MEM_64, mem64",
        "_LEADING__DOUBLE_, leadingDouble",
        "TagNs, tagNs",
        "secure, secure",
        "SECURE_TagMemory, secureTagMemory",
    })
    void accessorIsTheLowerCamelCaseOfTheWords(String constant, String accessor) {
        assertThat(Identifiers.accessorFor(constant)).isEqualTo(accessor);
    }

    @Test
    void constantWithoutWordsHasNoAccessor() {
        assertThat(Identifiers.accessorFor("__")).isEmpty();
    }

    @Test
    void presenceCheckCapitalizesTheAccessor() {
        assertThat(Identifiers.presenceCheckFor("s")).isEqualTo("hasS");
        assertThat(Identifiers.presenceCheckFor("tagNs")).isEqualTo("hasTagNs");
        assertThat(Identifiers.presenceCheckFor("X")).isEqualTo("hasX");
    }

    @Test
    void lettersOutsideTheBmpChangeCaseWhole() {
        // Deseret capital and small long I (U+10400, U+10428): one letter, two chars each. Found by
        // ProcessorFuzzTest: the case of the first char (a surrogate) was changed, so nothing changed.
        assertThat(Identifiers.accessorFor("X_\uD801\uDC28")).isEqualTo("x\uD801\uDC00");
        assertThat(Identifiers.accessorFor("\uD801\uDC00_\uD801\uDC00")).isEqualTo("\uD801\uDC28\uD801\uDC00");
        assertThat(Identifiers.presenceCheckFor("\uD801\uDC28x")).isEqualTo("has\uD801\uDC00x");
        // A letter whose upper case is longer keeps its one character: ß has no single-char upper case.
        assertThat(Identifiers.presenceCheckFor("\u00dfX")).isEqualTo("has\u00dfX");
    }

    @Test
    void defaultClassNameJoinsNestedNames() {
        assertThat(Identifiers.defaultClassName(List.of("ArmAddressSpace"))).isEqualTo("ArmAddressSpaceSlots");
        assertThat(Identifiers.defaultClassName(List.of("Outer", "Inner"))).isEqualTo("Outer_InnerSlots");
    }

    @Test
    void keywordsAndLiteralsAreNotSimpleNames() {
        for (String name : List.of("new", "int", "default", "class", "true", "null", "_", "goto")) {
            assertThat(Identifiers.isKeyword(name, SourceVersion.latestSupported())).isTrue();
            assertThat(Identifiers.isSimpleName(name, SourceVersion.latestSupported())).isFalse();
        }
        for (String name : List.of("ns", "tagNs", "var", "record", "yield", "Slots2")) {
            assertThat(Identifiers.isSimpleName(name, SourceVersion.latestSupported())).isTrue();
        }
        assertThat(Identifiers.isSimpleName("my.Slots", SourceVersion.latestSupported())).isFalse();
        assertThat(Identifiers.isSimpleName("1st", SourceVersion.latestSupported())).isFalse();
        assertThat(Identifiers.isSimpleName("", SourceVersion.latestSupported())).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"cpu-memory", "cpu-secure-memory", "a", "Cpu.Mem_1", "x-y-z", "cpu9"})
    void validPrefixes(String prefix) {
        assertThat(Validator.prefixProblem(prefix)).isEmpty();
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', value = {
        "1cpu|does not start with an ASCII letter",
        "-cpu|does not start with an ASCII letter",
        "écpu|does not start with an ASCII letter",
        "cpu-|ends with '-'",
        "cpu--memory|contains \"--\"",
        "cpu memory|has the character ' ' (U+0020) at position 3",
        "cpu/memory|has the character '/' (U+002F) at position 3",
        "cpu-mémoire|has the character 'é' (U+00E9) at position 5",
    })
    void malformedPrefixesSayWhatIsWrong(String prefix, String problem) {
        assertThat(Validator.prefixProblem(prefix)).hasValue(problem);
    }
}
