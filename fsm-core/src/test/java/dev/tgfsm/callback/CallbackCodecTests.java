package dev.tgfsm.callback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.tgfsm.FsmConfigurationException;
import dev.tgfsm.flow.Keyboard;

class CallbackCodecTests {

    enum Action { VIEW, DELETE }

    @CallbackPrefix("book")
    record BookAction(Action action, int id) {
    }

    @CallbackPrefix("n")
    record Note(String text) {
    }

    @CallbackPrefix("num")
    record Numbers(int i, long l, short sh, byte b, double d, float f, boolean flag, Integer boxed, BigInteger big,
            BigDecimal dec) {
    }

    @CallbackPrefix("obj")
    record Objects(String s, Action action, UUID uuid, LocalDate date, Optional<String> maybe,
            Optional<Integer> maybeNumber, Boolean nullableFlag) {
    }

    record Unprefixed(long id) {
    }

    @CallbackPrefix("p")
    record Ping() {
    }

    @CallbackPrefix("pos")
    record Positive(int n) {
        Positive {
            if (n <= 0) {
                throw new IllegalArgumentException("n must be positive");
            }
        }
    }

    @CallbackPrefix("bad")
    record WithList(List<String> items) {
    }

    @CallbackPrefix("bad")
    record WithMap(Map<String, Integer> map) {
    }

    @CallbackPrefix("a:b")
    record BadPrefix(int x) {
    }

    @Test
    void packsPrefixAndValuesInComponentOrder() {
        assertThat(CallbackCodec.packOf(new BookAction(Action.DELETE, 42))).isEqualTo("book:DELETE:42");
        assertThat(CallbackCodec.of(BookAction.class).unpack("book:DELETE:42"))
                .isEqualTo(new BookAction(Action.DELETE, 42));
    }

    @Test
    void withoutAnnotationThePrefixIsTheSimpleName() {
        assertThat(CallbackCodec.packOf(new Unprefixed(7L))).isEqualTo("Unprefixed:7");
        assertThat(CallbackCodec.of(Unprefixed.class).prefix()).isEqualTo("Unprefixed");
    }

    @Test
    void recordWithoutComponentsIsJustThePrefix() {
        assertThat(CallbackCodec.packOf(new Ping())).isEqualTo("p");
        assertThat(CallbackCodec.of(Ping.class).unpack("p")).isEqualTo(new Ping());
        assertThatThrownBy(() -> CallbackCodec.of(Ping.class).unpack("p:1"))
                .isInstanceOf(MalformedCallbackDataException.class).hasMessageContaining("1 value(s)");
    }

    @Test
    void everySupportedTypeRoundTrips() {
        CallbackCodec<Numbers> numbers = CallbackCodec.of(Numbers.class);
        Numbers n = new Numbers(-1, Long.MAX_VALUE, (short) 3, (byte) -4, 0.1, 2.5f, true, 9,
                new BigInteger("123456789012"), new BigDecimal("-1.50"));
        assertThat(numbers.pack(n)).isEqualTo("num:-1:9223372036854775807:3:-4:0.1:2.5:1:9:123456789012:-1.50");
        assertThat(numbers.unpack(numbers.pack(n))).isEqualTo(n);
        Numbers zeros = new Numbers(0, 0, (short) 0, (byte) 0, 0, 0, false, null, null, null);
        assertThat(numbers.unpack(numbers.pack(zeros))).isEqualTo(zeros);

        CallbackCodec<Objects> objects = CallbackCodec.of(Objects.class);
        Objects o = new Objects("x", Action.VIEW, UUID.fromString("123e4567-e89b-12d3-a456-426614174000"),
                LocalDate.of(2026, 2, 28), Optional.of("o"), Optional.of(5), false);
        assertThat(objects.pack(o)).isEqualTo("obj:x:VIEW:Ej5FZ-ibEtOkVkJmFBdAAA:2026-02-28:o:5:0");
        assertThat(objects.unpack(objects.pack(o))).isEqualTo(o);
        Objects empty = new Objects(null, null, null, null, Optional.empty(), Optional.empty(), null);
        assertThat(objects.pack(empty)).isEqualTo("obj:::::::");
        assertThat(objects.unpack(objects.pack(empty))).isEqualTo(empty);
    }

    @Test
    void uuidTakesTwentyTwoCharacters() {
        @CallbackPrefix("u")
        record Id(UUID id) {
        }
        UUID id = UUID.randomUUID();
        String data = CallbackCodec.packOf(new Id(id));
        assertThat(data).hasSize(2 + 22);
        assertThat(CallbackCodec.of(Id.class).unpack(data).id()).isEqualTo(id);
    }

    @Test
    void separatorAndEscapeCharacterInsideValuesRoundTrip() {
        CallbackCodec<Note> codec = CallbackCodec.of(Note.class);
        for (String text : List.of(":", "%", "a:b", "%3A", "%25", "::%%", "100% sure: yes", "%3", "ü:ß")) {
            String data = codec.pack(new Note(text));
            assertThat(data.substring(2)).doesNotContain(":");
            assertThat(codec.unpack(data).text()).as(text).isEqualTo(text);
        }
        assertThat(codec.pack(new Note("a:b%"))).isEqualTo("n:a%3Ab%25");
    }

    @Test
    void emptyStringAndNullAreTold() {
        CallbackCodec<Note> codec = CallbackCodec.of(Note.class);
        assertThat(codec.pack(new Note(""))).isEqualTo("n:%");
        assertThat(codec.pack(new Note(null))).isEqualTo("n:");
        assertThat(codec.unpack("n:%").text()).isEmpty();
        assertThat(codec.unpack("n:").text()).isNull();
    }

    @Test
    void sixtyFourBytesPassAndSixtyFiveAreRefusedNamingRecordLengthAndLimit() {
        CallbackCodec<Note> codec = CallbackCodec.of(Note.class);
        String ascii = "x".repeat(62);
        assertThat(codec.pack(new Note(ascii))).hasSize(64);
        assertThatThrownBy(() -> codec.pack(new Note(ascii + "x"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Note[text=").hasMessageContaining("65 bytes")
                .hasMessageContaining("limit of 64 bytes");
    }

    @Test
    void limitCountsUtf8BytesNotCharacters() {
        CallbackCodec<Note> codec = CallbackCodec.of(Note.class);
        String cyrillic = "я".repeat(31); // 62 bytes
        assertThat(codec.pack(new Note(cyrillic))).hasSize(33);
        assertThatThrownBy(() -> codec.pack(new Note(cyrillic + "я"))).hasMessageContaining("66 bytes");
        String emoji = "\uD83D\uDE00".repeat(15); // 60 bytes + "n:" = 62
        assertThat(codec.unpack(codec.pack(new Note(emoji))).text()).isEqualTo(emoji);
        assertThat(codec.pack(new Note(emoji + "ab"))).hasSize(2 + 30 + 2);
        assertThatThrownBy(() -> codec.pack(new Note(emoji + "abc"))).hasMessageContaining("65 bytes");
    }

    @Test
    void escapingCountsTowardsTheLimit() {
        CallbackCodec<Note> codec = CallbackCodec.of(Note.class);
        assertThat(codec.pack(new Note(":".repeat(20)))).hasSize(62);
        assertThatThrownBy(() -> codec.pack(new Note(":".repeat(21)))).hasMessageContaining("65 bytes");
    }

    @Test
    void buttonsCarryThePackedData() {
        assertThat(CallbackCodec.button("Delete", new BookAction(Action.DELETE, 1)).getCallbackData())
                .isEqualTo("book:DELETE:1");
        assertThat(Keyboard.Key.of("View", new BookAction(Action.VIEW, 2)))
                .isEqualTo(new Keyboard.Key("View", "book:VIEW:2"));
        assertThatThrownBy(() -> Keyboard.Key.of("Long", new Note("y".repeat(70))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("72 bytes");
    }

    @Test
    void acceptsOnlyItsPrefixFollowedBySeparatorOrEnd() {
        CallbackCodec<BookAction> codec = CallbackCodec.of(BookAction.class);
        assertThat(codec.accepts("book:VIEW:1")).isTrue();
        assertThat(codec.accepts("book")).isTrue();
        assertThat(codec.accepts("bookmark:1")).isFalse();
        assertThat(codec.accepts("boo")).isFalse();
        assertThat(codec.accepts(null)).isFalse();
    }

    @Test
    void malformedDataIsRefusedWithAClearReason() {
        CallbackCodec<BookAction> codec = CallbackCodec.of(BookAction.class);
        assertThatThrownBy(() -> codec.unpack("book:VIEW")).isInstanceOf(MalformedCallbackDataException.class)
                .hasMessageContaining("'book:VIEW' does not fit BookAction").hasMessageContaining("1 value(s)")
                .hasMessageContaining("2 component(s) [action, id]");
        assertThatThrownBy(() -> codec.unpack("book:VIEW:1:extra")).hasMessageContaining("3 value(s)");
        assertThatThrownBy(() -> codec.unpack("book:VIEW:x1")).isInstanceOf(MalformedCallbackDataException.class)
                .hasMessageContaining("component id (Integer) does not parse");
        assertThatThrownBy(() -> codec.unpack("book:ARCHIVE:1")).hasMessageContaining("component action (Action)");
        assertThatThrownBy(() -> codec.unpack("book:VIEW:")).hasMessageContaining("cannot be empty");
        assertThatThrownBy(() -> codec.unpack("book:VIEW:99999999999")).hasMessageContaining("component id");
        assertThatThrownBy(() -> codec.unpack("other:VIEW:1")).hasMessageContaining("does not start with the prefix");
        assertThatThrownBy(() -> CallbackCodec.of(Note.class).unpack("n:50%")).hasMessageContaining("bad escape");
        assertThatThrownBy(() -> CallbackCodec.of(Note.class).unpack("n:%4")).hasMessageContaining("bad escape");
        assertThatThrownBy(() -> CallbackCodec.of(Numbers.class).unpack("num" + ":".repeat(10)))
                .hasMessageContaining("component i (Integer)").hasMessageContaining("cannot be empty");
    }

    @Test
    void booleansAndUuidsAreStrict() {
        @CallbackPrefix("f")
        record Flag(boolean on, Optional<UUID> id) {
        }
        CallbackCodec<Flag> codec = CallbackCodec.of(Flag.class);
        assertThat(codec.unpack("f:1:").on()).isTrue();
        assertThatThrownBy(() -> codec.unpack("f:true:")).hasMessageContaining("component on");
        assertThatThrownBy(() -> codec.unpack("f:0:short")).hasMessageContaining("component id");
    }

    @Test
    void aConstructorThatRefusesTheValuesMakesTheDataMalformed() {
        assertThatThrownBy(() -> CallbackCodec.of(Positive.class).unpack("pos:0"))
                .isInstanceOf(MalformedCallbackDataException.class).hasMessageContaining("n must be positive");
    }

    @Test
    void unsupportedComponentTypesFailWhenTheCodecIsBuilt() {
        assertThatThrownBy(() -> CallbackCodec.of(WithList.class)).isInstanceOf(FsmConfigurationException.class)
                .hasMessageContaining("Component items of").hasMessageContaining("WithList")
                .hasMessageContaining("java.util.List<java.lang.String>").hasMessageContaining("use String, int");
        assertThatThrownBy(() -> CallbackCodec.of(WithMap.class)).isInstanceOf(FsmConfigurationException.class)
                .hasMessageContaining("Component map");
    }

    @Test
    void aPrefixWithTheSeparatorIsRefused() {
        assertThatThrownBy(() -> CallbackCodec.of(BadPrefix.class)).isInstanceOf(FsmConfigurationException.class)
                .hasMessageContaining("prefix 'a:b'");
    }

    @Test
    void literalsOfRoutingConditionsAreReadAsTheComponentType() {
        CallbackCodec<BookAction> codec = CallbackCodec.of(BookAction.class);
        assertThat(codec.literal("action", "DELETE")).isEqualTo(Action.DELETE);
        assertThat(codec.literal("id", "42")).isEqualTo(42);
        assertThat(codec.component(new BookAction(Action.VIEW, 3), "id")).isEqualTo(3);
        assertThatThrownBy(() -> codec.literal("kind", "x")).isInstanceOf(FsmConfigurationException.class)
                .hasMessageContaining("no component 'kind'").hasMessageContaining("[action, id]");
        assertThatThrownBy(() -> codec.literal("action", "ARCHIVE")).isInstanceOf(FsmConfigurationException.class)
                .hasMessageContaining("'ARCHIVE' is not a value of BookAction.action (Action)");
    }
}
