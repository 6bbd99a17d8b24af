package dev.tgfsm.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.type.TypeReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.tgfsm.CorruptRecordException;

class JacksonFsmCodecTests {

    private static final String WHERE = "tgfsm:{1:2:3}:default";

    private final JacksonFsmCodec codec = new JacksonFsmCodec();

    record Point(int x, int y) {
    }

    record Booking(String name, LocalDate day, Instant at, Duration length, List<Point> seats) {
    }

    /** A bean whose getter fails, so it cannot be turned into JSON. */
    static final class Broken {

        public String getValue() {
            throw new IllegalStateException("boom");
        }
    }

    @Test
    void encodesWithoutTypeInformation() {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("booking", codec.toPlain(new Booking("Ann", LocalDate.of(2026, 1, 2), Instant.EPOCH,
                Duration.ofMinutes(5), List.of(new Point(1, 2)))));

        String json = codec.encode(data);

        assertThat(json).doesNotContain("@class", "@type", "Booking", "dev.tgfsm");
        assertThat(codec.decode(json, WHERE).get("booking")).isInstanceOf(Map.class);
    }

    @Test
    void javaTimeValuesBecomeIsoText() {
        assertThat(codec.toPlain(LocalDate.of(2026, 1, 2))).isEqualTo("2026-01-02");
        assertThat(codec.toPlain(Instant.parse("2026-01-02T03:04:05Z"))).isEqualTo("2026-01-02T03:04:05Z");
        assertThat(codec.toPlain(LocalDateTime.of(2026, 1, 2, 3, 4))).isEqualTo("2026-01-02T03:04:00");
        assertThat(codec.toPlain(Duration.ofSeconds(90))).isEqualTo("PT1M30S");
        assertThat(codec.encodeValue(Map.of("at", Instant.EPOCH))).isEqualTo("{\"at\":\"1970-01-01T00:00:00Z\"}");
        assertThat(codec.<LocalDate>fromPlain("2026-01-02", LocalDate.class)).isEqualTo(LocalDate.of(2026, 1, 2));
        assertThat(codec.<Instant>fromPlain("2026-01-02T03:04:05Z", Instant.class))
                .isEqualTo(Instant.parse("2026-01-02T03:04:05Z"));
    }

    @Test
    void recordsRoundTripThroughPlainValues() {
        Booking booking = new Booking("Ann", LocalDate.of(2026, 1, 2), Instant.parse("2026-01-02T03:04:05Z"),
                Duration.ofMinutes(5), List.of(new Point(1, 2), new Point(3, 4)));

        Object plain = codec.toPlain(booking);
        Object decoded = codec.decodeValue(codec.encodeValue(plain), WHERE);

        assertThat(plain).isInstanceOf(Map.class);
        assertThat(decoded).isEqualTo(plain);
        assertThat(codec.<Booking>fromPlain(decoded, Booking.class)).isEqualTo(booking);
    }

    @Test
    void typedReadsOfListsAndMaps() {
        Object plain = codec.toPlain(List.of(new Point(1, 2), new Point(3, 4)));

        List<Point> points = codec.fromPlain(plain, new TypeReference<List<Point>>() {}.getType());
        Map<String, Point> byName = codec.fromPlain(Map.of("a", Map.of("x", 5, "y", 6)),
                new TypeReference<Map<String, Point>>() {}.getType());

        assertThat(points).containsExactly(new Point(1, 2), new Point(3, 4));
        assertThat(byName).containsEntry("a", new Point(5, 6));
    }

    @Test
    void typedReadsConvertScalarsAndIgnoreUnknownProperties() {
        assertThat(codec.<Long>fromPlain(5, Long.class)).isEqualTo(5L);
        assertThat(codec.<Integer>fromPlain(5, int.class)).isEqualTo(5);
        assertThat(codec.<String>fromPlain("x", String.class)).isEqualTo("x");
        assertThat(codec.<Object>fromPlain(null, String.class)).isNull();
        assertThat(codec.<Point>fromPlain(Map.of("x", 1, "y", 2, "z", 3), Point.class)).isEqualTo(new Point(1, 2));
        assertThatThrownBy(() -> codec.fromPlain("not a number", Integer.class))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void bigIntegersKeepTheirPrecision() {
        String json = "{\"small\":5,\"beyondDouble\":9007199254740993,\"huge\":1180591620717411303424,\"neg\":-9007199254740993,\"d\":0.1}";

        Map<String, Object> data = codec.decode(json, WHERE);

        assertThat(data.get("small")).isEqualTo(5);
        assertThat(data.get("beyondDouble")).isEqualTo(9007199254740993L);
        assertThat(data.get("neg")).isEqualTo(-9007199254740993L);
        assertThat(data.get("huge")).isEqualTo(new BigInteger("1180591620717411303424"));
        assertThat(data.get("d")).isEqualTo(0.1);
        assertThat(codec.decode(codec.encode(data), WHERE)).isEqualTo(data);
    }

    @Test
    void nestedValuesAreNormalisedToo() {
        Map<String, Object> data = codec.decode("{\"list\":[1,9007199254740993,{\"n\":2}]}", WHERE);

        assertThat(data.get("list")).isEqualTo(List.of(1, 9007199254740993L, Map.of("n", 2)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"{bad", "{\"a\":}", "", "{\"a\":1} trailing", "nul"})
    void corruptJsonNamesTheKey(String json) {
        assertThatThrownBy(() -> codec.decode(json, WHERE)).isInstanceOf(CorruptRecordException.class)
                .hasMessageContaining(WHERE)
                .satisfies(ex -> assertThat(((CorruptRecordException) ex).key()).isEqualTo(WHERE));
    }

    @ParameterizedTest
    @ValueSource(strings = {"[1,2]", "\"text\"", "42", "null"})
    void jsonThatIsNotAnObjectIsCorrupt(String json) {
        assertThatThrownBy(() -> codec.decode(json, WHERE)).isInstanceOf(CorruptRecordException.class)
                .hasMessageContaining(WHERE).hasMessageContaining("expected a JSON object");
    }

    @Test
    void missingJsonIsCorrupt() {
        assertThatThrownBy(() -> codec.decodeValue(null, WHERE)).isInstanceOf(CorruptRecordException.class)
                .hasMessageContaining("missing JSON");
    }

    @Test
    void valueThatCannotBeJsonIsRejectedClearly() {
        assertThatThrownBy(() -> codec.toPlain(new Broken())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(Broken.class.getName());
    }

    @Test
    void plainJsonIsCopiedExactlyAsTheMapperWouldConvertIt() {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("id", "e1");
        entry.put("at", 1_700_000_000_000L);
        entry.put("small", 7L);
        entry.put("none", null);
        entry.put("calls", List.of(Map.of("type", "SendMessage", "body", Map.of("chat_id", 5L, "text", "hi"))));
        List<Object> ids = new ArrayList<>(List.of(1, 2, 3));
        Map<String, Object> nested = new LinkedHashMap<>(Map.of("x", List.of(List.of(true, "a"), Map.of())));
        for (Object value : List.of(entry, ids, nested, new ArrayList<>(), Map.of(), List.of(Map.of("k", -1L)))) {
            Object copy = codec.toPlain(value);
            Object converted = codec.convert(value);

            assertThat(copy).isEqualTo(converted).isNotSameAs(value);
            assertSameShape(copy, converted);
        }
    }

    @Test
    void valuesThatAreNotPlainJsonStillGoThroughTheMapper() {
        Map<Object, Object> numberKeys = new LinkedHashMap<>(Map.of(1, "one"));
        Map<String, Object> withDate = new LinkedHashMap<>(Map.of("day", LocalDate.of(2026, 1, 2)));
        List<Object> deep = new ArrayList<>();
        List<Object> inner = deep;
        for (int i = 0; i < 40; i++) {
            List<Object> next = new ArrayList<>();
            inner.add(next);
            inner = next;
        }

        assertThat(codec.toPlain(numberKeys)).isEqualTo(Map.of("1", "one"));
        assertThat(codec.toPlain(withDate)).isEqualTo(Map.of("day", "2026-01-02"));
        assertThat(codec.toPlain(List.of(1.5, BigInteger.TEN))).isEqualTo(List.of(1.5, 10));
        assertThat(codec.toPlain(deep)).isEqualTo(deep);
    }

    @Test
    void anImmutableListOfScalarsIsTakenAsItIs() {
        List<Object> ids = List.of(1, "two", true, 3_000_000_000L);

        assertThat(codec.toPlain(ids)).isSameAs(ids);
        assertThat(codec.toPlain(List.of(1L, 2L))).isEqualTo(List.of(1, 2)).isInstanceOf(ArrayList.class);
    }

    /**
     * Asserts that two plain values have the same classes at every depth (Integer vs Long, map kinds);
     * a list may be an immutable one where the mapper builds an {@code ArrayList}.
     */
    private static void assertSameShape(Object a, Object b) {
        if (!(a instanceof List<?> && b instanceof List<?>)) {
            assertThat(a == null ? null : a.getClass()).isEqualTo(b == null ? null : b.getClass());
        }
        if (a instanceof Map<?, ?> m) {
            m.forEach((k, v) -> assertSameShape(v, ((Map<?, ?>) b).get(k)));
        }
        if (a instanceof List<?> l) {
            for (int i = 0; i < l.size(); i++) {
                assertSameShape(l.get(i), ((List<?>) b).get(i));
            }
        }
    }

    /** The metadata the sample bot stores mid-flow: update ids, a counter, an outbox entry, a timeout. */
    static final String SAMPLE_META = "{\"updates\":[90001,90003],\"messages\":2,\"outbox\":[{\"id\":"
            + "\"edabde8a-21e4-c1f0-2128-83d98adb7b78\",\"run\":\"1931abf1-454e-443e-9c9d-e4370e8b6fa6\","
            + "\"at\":1796096277251,\"calls\":[{\"type\":\"org.telegram.telegrambots.meta.api.methods."
            + "AnswerCallbackQuery\",\"body\":{\"callback_query_id\":\"cb90003\"}},{\"type\":\"org.telegram."
            + "telegrambots.meta.api.methods.updatingmessages.DeleteMessages\",\"body\":{\"chat_id\":\"1004500\","
            + "\"message_ids\":[41500]}},{\"type\":\"org.telegram.telegrambots.meta.api.methods.send.SendMessage\","
            + "\"body\":{\"chat_id\":\"1004500\",\"text\":\"What product do you want to order?\",\"reply_markup\":"
            + "{\"inline_keyboard\":[[{\"text\":\"Widget\",\"callback_data\":\"tgfsm:product:c0\"}],[{\"text\":"
            + "\"Gadget\",\"callback_data\":\"tgfsm:product:c1\"}],[{\"text\":\"Gizmo\",\"callback_data\":"
            + "\"tgfsm:product:c2\"}]]}}}]}],\"live:menu\":41500,\"timeout\":{\"at\":1796097177251,\"chat\":"
            + "1004500,\"idle\":900000,\"warned\":false,\"indexed\":1796096997251}}";

    @ParameterizedTest
    @ValueSource(strings = {SAMPLE_META, "{}", "[]", "[[],{}]", "{\"a\":{\"b\":{\"c\":[null]}}}",
            "{\"n\":[0,-0,1,-1,2147483647,2147483648,-2147483648,-2147483649,9223372036854775807,"
                    + "9223372036854775808,-9223372036854775809,1180591620717411303424]}",
            "{\"t\":true,\"f\":false,\"z\":null,\"s\":\"\\u00e9\\n\\\"q\\\"\",\"e\":\"\"}",
            "{\"d\":0.5,\"e\":1e3,\"i\":[1,2.0]}", "{\"dup\":1,\"dup\":2}", "\"text\"", "42", "null", "true",
            " {\"spaced\" : [ 1 , 2 ] } "})
    void readsExactlyWhatTheMapperReads(String json) {
        Object read = codec.decodeValue(json, WHERE);
        Object byMapper = new JacksonFsmCodec(JacksonFsmCodec.defaultMapper()).decodeValue(json, WHERE);

        assertThat(read).isEqualTo(byMapper);
        assertSameShape(read, byMapper);
        if (read instanceof Map<?, ?> || read instanceof List<?>) {
            assertThat(read.getClass()).isEqualTo(byMapper.getClass());
        }
    }

    @Test
    void deeplyNestedJsonIsReadAsTheMapperReadsIt() {
        String json = "{\"x\":".repeat(40) + "[1]" + "}".repeat(40);

        assertThat(codec.decodeValue(json, WHERE))
                .isEqualTo(new JacksonFsmCodec(JacksonFsmCodec.defaultMapper()).decodeValue(json, WHERE));
    }

    @ParameterizedTest
    @ValueSource(strings = {"{bad", "{\"a\":}", "", "{\"a\":1} trailing", "nul", "[1,2", "{\"a\":[1,]}"})
    void corruptJsonReadsAsTheSameErrorAsWithTheMapper(String json) {
        JacksonFsmCodec withMapper = new JacksonFsmCodec(JacksonFsmCodec.defaultMapper());

        assertThatThrownBy(() -> codec.decodeValue(json, WHERE)).isInstanceOf(CorruptRecordException.class)
                .hasMessage(catchThrowable(() -> withMapper.decodeValue(json, WHERE)).getMessage());
    }

    @Test
    void scalarsPassThroughToPlain() {
        assertThat(codec.toPlain(null)).isNull();
        assertThat(codec.toPlain("x")).isEqualTo("x");
        assertThat(codec.toPlain(true)).isEqualTo(true);
        assertThat(codec.toPlain(7)).isEqualTo(7);
        assertThat(codec.toPlain(Map.of("p", new Point(1, 2)))).isEqualTo(Map.of("p", Map.of("x", 1, "y", 2)));
    }

    @Test
    void constructorRejectsMissingMapper() {
        assertThatThrownBy(() -> new JacksonFsmCodec(null)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("mapper");
    }
}
