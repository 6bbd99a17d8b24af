package dev.tgfsm.architecture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;

import dev.tgfsm.FsmException;
import dev.tgfsm.key.StorageKey;
import dev.tgfsm.state.StateGroup;
import dev.tgfsm.storage.FsmRecord;
import dev.tgfsm.storage.Lease;
import dev.tgfsm.storage.RecordMap;

class ClassReferencesTests {

    /** Refers to tgfsm types in every way a class file records one. */
    @SuppressWarnings("unused")
    static final class Sample {

        /** Only in the generic signature: the descriptor says {@code List}. */
        private List<FsmRecord> records = List.of();

        /** An array type. */
        private Lease[] leases = new Lease[0];

        /** A type argument of a type argument, in a method signature. */
        Map<String, Supplier<StorageKey>> keys() {
            return Map.of();
        }

        /** A thrown type, and a class used only through a static call. */
        void check() throws FsmException {
            RecordMap.isFrozenList(null);
        }

        /** A class literal. */
        Class<?> state() {
            return StateGroup.class;
        }
    }

    private static byte[] classFile(Class<?> type) throws IOException {
        String file = type.getName().substring(type.getPackageName().length() + 1) + ".class";
        try (InputStream in = type.getResourceAsStream(file)) {
            return in.readAllBytes();
        }
    }

    @Test
    void readsTheNameAndEveryReferencedType() throws IOException {
        ClassReferences sample = ClassReferences.read(classFile(Sample.class));

        assertThat(sample.name()).isEqualTo("dev/tgfsm/architecture/ClassReferencesTests$Sample");
        assertThat(sample.referenced()).contains("dev/tgfsm/storage/FsmRecord", "dev/tgfsm/storage/Lease",
                "dev/tgfsm/key/StorageKey", "dev/tgfsm/FsmException", "dev/tgfsm/storage/RecordMap",
                "dev/tgfsm/state/StateGroup", "java/util/function/Supplier", "java/util/List")
                .doesNotContain(sample.name());
    }

    @Test
    void aClassThatRefersToNoTgfsmTypeHasNoneOfThem() throws IOException {
        assertThat(ClassReferences.read(classFile(Object.class)).referenced())
                .noneMatch(name -> name.startsWith("dev/tgfsm/"));
    }

    @Test
    void bytesThatAreNotAClassFileAreRejected() {
        assertThatThrownBy(() -> ClassReferences.read(new byte[]{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}))
                .isInstanceOf(IOException.class).hasMessage("not a class file");
    }

    @Test
    void packageOfNamesTheDottedPackage() {
        assertThat(ClassReferences.packageOf("dev/tgfsm/storage/RecordMap$Builder")).isEqualTo("dev.tgfsm.storage");
        assertThat(ClassReferences.packageOf("Unnamed")).isEmpty();
    }
}
