package dev.tgfsm.feature;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.tgfsm.FsmConfigurationException;
import dev.tgfsm.key.StorageKey;

class DataMigrationsTests {

    private static final StorageKey KEY = StorageKey.of(1, 2, 3);

    /** v1 {name, age: "41"}; v2 renames name to fullName; v3 makes age a number; v4 splits fullName. */
    static final List<DataMigration> PROFILE = List.of(
            DataMigration.renaming("profile", 1, "name", "fullName"),
            DataMigration.of("profile", 2, data -> {
                data.put("age", Integer.parseInt((String) data.get("age")));
                return data;
            }),
            DataMigration.of("profile", 3, data -> {
                String[] parts = ((String) data.remove("fullName")).split(" ", 2);
                data.put("first", parts[0]);
                data.put("last", parts[1]);
                return data;
            }));

    @Test
    void anUnversionedRecordIsVersionOneAndGoesThroughEveryStep() {
        DataMigrations migrations = DataMigrations.of(PROFILE);
        Map<String, Object> stored = Map.of("name", "Ann Lee", "age", "41");

        assertThat(migrations.currentVersion("profile")).isEqualTo(4);
        assertThat(migrations.isOld(KEY, "profile", stored)).isTrue();
        assertThat(migrations.upgrade(KEY, "profile", stored))
                .containsExactlyInAnyOrderEntriesOf(Map.of("first", "Ann", "last", "Lee", "age", 41));
        assertThat(stored).as("the stored map is not changed").containsOnlyKeys("name", "age");
    }

    @Test
    void aRecordStoredInAMiddleVersionRunsOnlyTheStepsAfterIt() {
        DataMigrations migrations = DataMigrations.of(PROFILE);
        Map<String, Object> v3 = Map.of("fullName", "Bo Chan", "age", 7, DataMigrations.VERSION_ENTRY, 3);

        assertThat(migrations.upgrade(KEY, "profile", v3))
                .containsExactlyInAnyOrderEntriesOf(Map.of("first", "Bo", "last", "Chan", "age", 7));
        Map<String, Object> big = new LinkedHashMap<>(v3);
        big.put(DataMigrations.VERSION_ENTRY, BigInteger.valueOf(3));
        assertThat(migrations.upgrade(KEY, "profile", big)).containsKeys("first", "last");
    }

    @Test
    void currentDataIsReturnedWithoutItsVersionEntryAndStampedOnWrite() {
        DataMigrations migrations = DataMigrations.of(PROFILE);
        Map<String, Object> v4 = Map.of("first", "Ann", DataMigrations.VERSION_ENTRY, 4);

        assertThat(migrations.isOld(KEY, "profile", v4)).isFalse();
        assertThat(migrations.upgrade(KEY, "profile", v4)).containsOnly(Map.entry("first", "Ann"));
        assertThat(migrations.stamp("profile", Map.of("first", "Ann")))
                .containsOnly(Map.entry("first", "Ann"), Map.entry(DataMigrations.VERSION_ENTRY, 4));
        assertThat(migrations.stamp("other", Map.of("a", 1))).as("version 1 writes no entry").containsOnlyKeys("a");
    }

    @Test
    void aRecordNewerThanTheCodeIsAClearErrorNamingTheKey() {
        DataMigrations migrations = DataMigrations.of(PROFILE.subList(0, 1));
        Map<String, Object> v3 = Map.of("fullName", "Ann", DataMigrations.VERSION_ENTRY, 3);

        assertThatThrownBy(() -> migrations.upgrade(KEY, "profile", v3))
                .isInstanceOfSatisfying(DataMigrationException.class, ex -> {
                    assertThat(ex.storedVersion()).isEqualTo(3);
                    assertThat(ex.knownVersion()).isEqualTo(2);
                    assertThat(ex.key()).isEqualTo(KEY);
                })
                .hasMessageContaining("stored as version 3").hasMessageContaining("versions up to 2")
                .hasMessageContaining(KEY.toString()).hasMessageContaining("kept as it is");
        assertThatThrownBy(() -> DataMigrations.none().upgrade(KEY, "profile", v3))
                .isInstanceOf(DataMigrationException.class);
    }

    @Test
    void aVersionEntryThatIsNoVersionIsAClearError() {
        DataMigrations migrations = DataMigrations.of(PROFILE);
        for (Object bad : List.of("two", 0, -1, 2.5, 10_000_000_000L, true)) {
            Map<String, Object> stored = Map.of(DataMigrations.VERSION_ENTRY, bad);
            assertThatThrownBy(() -> migrations.upgrade(KEY, "profile", stored)).as("%s", bad)
                    .isInstanceOf(DataMigrationException.class).hasMessageContaining("not a version");
        }
    }

    @Test
    void aFailingStepIsAClearErrorAndChangesNothing() {
        DataMigrations migrations = DataMigrations.of(PROFILE);
        Map<String, Object> stored = Map.of("name", "Ann Lee", "age", "forty");

        assertThatThrownBy(() -> migrations.upgrade(KEY, "profile", stored))
                .isInstanceOf(DataMigrationException.class)
                .hasMessageContaining("from version 2 failed").hasCauseInstanceOf(NumberFormatException.class);
        assertThat(stored).containsEntry("age", "forty");
    }

    @Test
    void aGapInTheChainIsRefusedNamingTheMissingStep() {
        List<DataMigration> gap = new ArrayList<>(PROFILE);
        gap.remove(1);

        assertThatThrownBy(() -> DataMigrations.of(gap))
                .isInstanceOfSatisfying(FsmConfigurationException.class,
                        ex -> assertThat(ex.action()).isEqualTo("add a DataMigration of 'profile' from version 2"))
                .hasMessageContaining("Feature 'profile' has no migration from version 2 to 3 but one from 3");
        assertThatThrownBy(() -> DataMigrations.of(PROFILE.subList(1, 3)))
                .isInstanceOf(FsmConfigurationException.class).hasMessageContaining("no migration from version 1 to 2");
    }

    @Test
    void twoStepsFromOneVersionAreRefused() {
        List<DataMigration> twice = new ArrayList<>(PROFILE);
        twice.add(DataMigration.renaming("profile", 2, "a", "b"));

        assertThatThrownBy(() -> DataMigrations.of(twice))
                .isInstanceOf(FsmConfigurationException.class)
                .hasMessageContaining("Feature 'profile' has two migrations from version 2");
    }

    @Test
    void aStepStartsAtVersionOne() {
        assertThatThrownBy(() -> DataMigration.renaming("profile", 0, "a", "b"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 1");
    }
}
