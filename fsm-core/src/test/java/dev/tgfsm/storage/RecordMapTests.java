package dev.tgfsm.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

import dev.tgfsm.codec.JacksonFsmCodec;

class RecordMapTests {

    private static Map<String, Object> sample() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("name", "Ann");
        map.put("step", 1);
        map.put("lang", "en");
        return map;
    }

    @Test
    void copyOfCopiesAPlainMapSoChangingItLaterChangesNothing() {
        Map<String, Object> source = sample();
        Map<String, Object> copy = RecordMap.copyOf(source);

        source.put("step", 2);
        source.put("extra", true);

        assertThat(copy).isInstanceOf(RecordMap.class).isEqualTo(Map.of("name", "Ann", "step", 1, "lang", "en"));
    }

    @Test
    void copyOfKeepsARecordMapAndGivesTheSharedEmptyMapForEmptyInput() {
        Map<String, Object> copy = RecordMap.copyOf(sample());

        assertThat(RecordMap.copyOf(copy)).isSameAs(copy);
        assertThat(RecordMap.copyOf(new LinkedHashMap<>())).isSameAs(Map.of());
        assertThat(RecordMap.copyOf(null)).isSameAs(Map.of());
        assertThat(RecordMap.builder(3).build()).isSameAs(Map.of());
    }

    @Test
    void everyWayToChangeTheMapIsRefused() {
        Map<String, Object> map = RecordMap.copyOf(sample());
        List<ThrowingCallable> changes = new ArrayList<>();
        changes.add(() -> map.put("x", 1));
        changes.add(() -> map.remove("name"));
        changes.add(() -> map.remove("name", "Ann"));
        changes.add(() -> map.putAll(Map.of("x", 1)));
        changes.add(map::clear);
        changes.add(() -> map.putIfAbsent("name", "Bob"));
        changes.add(() -> map.replace("name", "Bob"));
        changes.add(() -> map.replace("name", "Ann", "Bob"));
        changes.add(() -> map.replaceAll((k, v) -> v));
        changes.add(() -> map.computeIfAbsent("name", k -> "Bob"));
        changes.add(() -> map.computeIfPresent("zzz", (k, v) -> v));
        changes.add(() -> map.compute("name", (k, v) -> v));
        changes.add(() -> map.merge("name", "x", (a, b) -> a));
        changes.add(() -> map.entrySet().iterator().next().setValue("Bob"));
        changes.add(() -> map.keySet().remove("name"));
        changes.add(() -> map.values().clear());
        changes.add(() -> {
            Iterator<String> it = map.keySet().iterator();
            it.next();
            it.remove();
        });
        for (ThrowingCallable change : changes) {
            assertThatThrownBy(change).isInstanceOf(UnsupportedOperationException.class);
        }
        assertThat(map).isEqualTo(sample());
    }

    @Test
    void keepsInsertionOrderAndBehavesLikeAnyMapInEqualityHashAndText() {
        Map<String, Object> source = new LinkedHashMap<>();
        for (String name : List.of("z", "a", "m", "b")) {
            source.put(name, name.length());
        }
        Map<String, Object> copy = RecordMap.copyOf(source);

        assertThat(copy.keySet()).containsExactly("z", "a", "m", "b");
        assertThat(copy).isEqualTo(source).hasSameHashCodeAs(source).hasToString(source.toString());
        assertThat(source).isEqualTo(copy);
        assertThat(copy.get("m")).isEqualTo(1);
        assertThat(copy.getOrDefault("q", "none")).isEqualTo("none");
        assertThat(copy.containsValue(1)).isTrue();
    }

    @Test
    void builderReplacesRemovesAndBuildsOnlyOnce() {
        RecordMap.Builder builder = RecordMap.builder(2).putAll(RecordMap.copyOf(sample())).put("step", 2)
                .remove("lang").put("city", "Berlin");

        assertThat(builder.build()).containsExactly(Map.entry("name", "Ann"), Map.entry("step", 2),
                Map.entry("city", "Berlin"));
        assertThatIllegalStateException().isThrownBy(() -> builder.put("x", 1));
        assertThatIllegalStateException().isThrownBy(builder::build);
    }

    @Test
    void fsmRecordKeepsARecordMapAndCopiesAnyOtherMap() {
        Map<String, Object> frozen = RecordMap.copyOf(sample());
        Map<String, Object> plain = sample();

        FsmRecord record = new FsmRecord("A", frozen, plain, 1, null, null);
        plain.put("later", 1);

        assertThat(record.data()).isSameAs(frozen);
        assertThat(record.meta()).isNotSameAs(plain).isInstanceOf(RecordMap.class).doesNotContainKey("later");
        assertThat(record.withVersion(2).data()).isSameAs(frozen);
        assertThat(record.withState("B").meta()).isSameAs(record.meta());
    }

    @Test
    void flatOnlyForScalarsInTheFormJsonLeavesThem() {
        assertThat(((RecordMap) RecordMap.copyOf(Map.of("s", "x", "i", 1, "b", true, "d", 1.5, "big", 1L << 40)))
                .isFlat()).isTrue();
        Map<String, Object> withNull = new LinkedHashMap<>();
        withNull.put("none", null);
        assertThat(((RecordMap) RecordMap.copyOf(withNull)).isFlat()).isTrue();

        for (Object notFlat : List.of(List.of(1L), List.of(Map.of()), new ArrayList<>(List.of(1)),
                Collections.unmodifiableList(new ArrayList<>(List.of(1))), Map.of("k", "v"), 1L, 1.5f, (short) 1,
                BigDecimal.ONE, new ArrayList<>())) {
            RecordMap map = (RecordMap) RecordMap.copyOf(Map.of("v", notFlat));
            assertThat(map.isFlat()).as("%s", notFlat.getClass()).isFalse();
            assertThat(map.encodedSizeBound()).isEqualTo(Long.MAX_VALUE);
        }
        RecordMap withIds = (RecordMap) RecordMap.copyOf(Map.of("updates", List.of(7, 8, 1L << 40), "n", 2));
        assertThat(withIds.isFlat()).as("an immutable list of flat scalars is flat").isTrue();
        assertThat(withIds.encodedSizeBound())
                .isGreaterThanOrEqualTo("{\"updates\":[7,8,1099511627776],\"n\":2}".length());
        Map<String, Object> nullName = new LinkedHashMap<>();
        nullName.put(null, "x");
        assertThat(((RecordMap) RecordMap.copyOf(nullName)).isFlat()).isFalse();
    }

    @Test
    void sizeBoundIsNeverBelowTheEncodedSize() {
        JacksonFsmCodec codec = new JacksonFsmCodec();
        List<Map<String, Object>> maps = new ArrayList<>();
        maps.add(sample());
        Map<String, Object> extremes = new LinkedHashMap<>();
        extremes.put("minInt", Integer.MIN_VALUE);
        extremes.put("maxInt", Integer.MAX_VALUE);
        extremes.put("minLong", Long.MIN_VALUE);
        extremes.put("maxLong", Long.MAX_VALUE);
        extremes.put("tinyDouble", -Double.MIN_VALUE);
        extremes.put("hugeDouble", -Double.MAX_VALUE);
        extremes.put("smallNormal", -2.2250738585072014E-308);
        extremes.put("false", false);
        extremes.put("none", null);
        maps.add(extremes);
        maps.add(Map.of("emoji 👋", "👋👋👋", "кириллица", "Анна", "日本", "東京都", "", ""));
        for (Map<String, Object> map : maps) {
            RecordMap frozen = (RecordMap) RecordMap.copyOf(map);
            int encoded = codec.encode(map).getBytes(StandardCharsets.UTF_8).length;
            assertThat(frozen.isFlat()).isTrue();
            assertThat(frozen.encodedSizeBound()).as("%s", map).isGreaterThanOrEqualTo(encoded);
        }
    }

    @Test
    void largeMapsBehaveLikeALinkedHashMapThroughEveryChange() {
        Random random = new Random(14);
        for (int round = 0; round < 200; round++) {
            Map<String, Object> model = new LinkedHashMap<>();
            int start = random.nextInt(30);
            for (int i = 0; i < start; i++) {
                model.put("k" + random.nextInt(40), i);
            }
            RecordMap.Builder builder = RecordMap.builder(random.nextInt(5)).putAll(RecordMap.copyOf(model));
            for (int step = 0; step < 60; step++) {
                String name = "k" + random.nextInt(40);
                switch (random.nextInt(4)) {
                    case 0 -> {
                        model.remove(name);
                        builder.remove(name);
                    }
                    case 1 -> {
                        Map<String, Object> more = Map.of(name, step, "x" + step, true);
                        model.putAll(more);
                        builder.putAll(more);
                    }
                    default -> {
                        model.put(name, step);
                        builder.put(name, step);
                    }
                }
                assertThat(builder.containsKey(name)).isEqualTo(model.containsKey(name));
                assertThat(builder.get(name)).isEqualTo(model.get(name));
            }
            Map<String, Object> built = builder.build();
            assertThat(built).isEqualTo(model).hasSameHashCodeAs(model).hasToString(model.toString());
            assertThat(List.copyOf(built.entrySet())).isEqualTo(List.copyOf(model.entrySet()));
            for (int i = 0; i < 40; i++) {
                assertThat(built.get("k" + i)).isEqualTo(model.get("k" + i));
                assertThat(built.containsKey("k" + i)).isEqualTo(model.containsKey("k" + i));
            }
            String name = "k" + random.nextInt(45);
            Map<String, Object> expected = new LinkedHashMap<>(model);
            expected.put(name, "with");
            Map<String, Object> with = RecordMap.with(built, name, "with");
            assertThat(with).isInstanceOf(RecordMap.class).isEqualTo(expected);
            assertThat(List.copyOf(with.keySet())).isEqualTo(List.copyOf(expected.keySet()));
            assertThat(RecordMap.with(new LinkedHashMap<>(model), name, "with")).isEqualTo(expected);
            Map<String, Object> copied = RecordMap.builder(0).putAll(built).put("added", 1).build();
            model.put("added", 1);
            assertThat(copied).isEqualTo(model);
            assertThat(built.get(7)).isNull();
            assertThat(built.containsKey(null)).isFalse();
        }
    }

    @Test
    void aNullNameIsKeptAndFoundButMakesTheMapNotFlat() {
        Map<String, Object> source = new LinkedHashMap<>();
        source.put("a", 1);
        source.put(null, "x");
        RecordMap copy = (RecordMap) RecordMap.copyOf(source);

        assertThat(copy.get(null)).isEqualTo("x");
        assertThat(copy.containsKey(null)).isTrue();
        assertThat(copy).isEqualTo(source);
        assertThat(copy.isFlat()).isFalse();
    }

    @Test
    void storedSizesAreKeptForEntriesReadFromAStoreAndForgottenWhenTheirValueIsReplaced() {
        RecordMap.Builder builder = RecordMap.builder(2).putStored("name", "Ann", 5).put("step", 1);
        for (int i = 0; i < 12; i++) {
            builder.putStored("k" + i, i, 1 + i / 10);
        }
        builder.putStored("gone", true, 4).remove("gone").putStored("lang", "en", 4).put("k3", 33);
        RecordMap read = (RecordMap) builder.build();

        assertThat(read.storedSize("name")).isEqualTo(5);
        assertThat(read.storedSize("step")).as("put without a size").isEqualTo(-1);
        assertThat(read.storedSize("k11")).isEqualTo(2);
        assertThat(read.storedSize("k3")).as("replaced by put").isEqualTo(-1);
        assertThat(read.storedSize("lang")).as("after a removal").isEqualTo(4);
        assertThat(read.storedSize("gone")).isEqualTo(-1);
        assertThat(read.storedSize("missing")).isEqualTo(-1);
        assertThat(((RecordMap) RecordMap.with(read, "other", 1)).storedSize("name")).as("a changed copy")
                .isEqualTo(-1);
        assertThat(((RecordMap) RecordMap.copyOf(sample())).storedSize("name")).isEqualTo(-1);
        assertThatThrownBy(() -> RecordMap.builder(1).putStored("a", 1, -1))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
