package dev.tgfsm.key;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class KeyRendererTests {

    private final KeyRenderer renderer = new KeyRenderer();

    @Test
    void rendersTheDocumentedShapeWithHashTag() {
        assertThat(renderer.render(StorageKey.of(42, 100, 7))).isEqualTo("tgfsm:{42:100:7}:default");
        assertThat(renderer.render(new StorageKey(42, -1001, 7, 3L, "biz", "history")))
                .isEqualTo("tgfsm:{42:-1001:7:t3:bbiz}:history");
        assertThat(renderer.render(new StorageKey(42, -1001, 7, null, "biz", "default")))
                .isEqualTo("tgfsm:{42:-1001:7:bbiz}:default");
        assertThat(renderer.canonical(StorageKey.of(42, 100, 7))).isEqualTo("{42:100:7}:default");
        assertThat(renderer.conversation(new StorageKey(42, 100, 7, 3L, null, "x"))).isEqualTo("tgfsm:{42:100:7:t3}");
    }

    @Test
    void aPerMessageKeyRendersItsEscapedScopeInsideTheTagAndParsesBack() {
        StorageKey menu = new StorageKey(42, -1001, 7, null, "biz", "default", "inline:A/b");
        assertThat(renderer.render(menu)).isEqualTo("tgfsm:{42:-1001:7:bbiz:minline%3AA%2Fb}:default");
        assertThat(renderer.parse(renderer.render(menu))).isEqualTo(menu);
        StorageKey topic = new StorageKey(42, -1001, 7, 3L, null, "history", "100");
        assertThat(renderer.parse(renderer.render(topic))).isEqualTo(topic);
        assertThat(menu.sameConversation(menu.withMessageScope(null))).isFalse();
        assertThat(menu.withDestiny("history").messageScope()).isEqualTo("inline:A/b");
    }

    @Test
    void everyDestinyOfOneConversationSharesTheHashTag() {
        StorageKey key = new StorageKey(1, 2, 3, 4L, "b:{}", "default");
        String tag = renderer.conversation(key);

        assertThat(renderer.render(key.withDestiny("scenes_history"))).startsWith(tag + ":");
        assertThat(renderer.render(key)).startsWith(tag + ":");
        assertThat(tag.indexOf('{')).isEqualTo(tag.length() - tag.substring(tag.indexOf('{')).length());
        assertThat(tag.chars().filter(c -> c == '}').count()).isEqualTo(1);
    }

    static Stream<StorageKey> keys() {
        return Stream.of(StorageKey.of(1, 2, 3), StorageKey.of(Long.MAX_VALUE, Long.MIN_VALUE, -1),
                new StorageKey(1, -100, 7, 55L, null, "default"),
                new StorageKey(1, -100, 7, null, "conn:{x}*?[]%\\ /", "a b:c{d}*?[e]%f\\"),
                new StorageKey(1, 2, 3, 9L, "Привет 👋", "日本語"),
                new StorageKey(1, 2, 3, null, "t", "b"), new StorageKey(1, 2, 3, 0L, "%41", "%"));
    }

    @ParameterizedTest
    @MethodSource("keys")
    void parseReversesRender(StorageKey key) {
        assertThat(renderer.parse(renderer.render(key))).isEqualTo(key);
        assertThat(renderer.parseCanonical(renderer.canonical(key))).isEqualTo(key);
        KeyRenderer custom = new KeyRenderer("mybot:");
        assertThat(custom.parse(custom.render(key))).isEqualTo(key);
        assertThat(new KeyRenderer("").parse(renderer.canonical(key))).isEqualTo(key);
    }

    @ParameterizedTest
    @MethodSource("keys")
    void renderedKeysHoldNoGlobCharactersOrStrayBraces(StorageKey key) {
        String rendered = renderer.render(key);

        assertThat(rendered).doesNotContain("*", "?", "[", "]", "\\", " ");
        assertThat(rendered.chars().filter(c -> c == '{').count()).isEqualTo(1);
        assertThat(rendered.chars().filter(c -> c == '}').count()).isEqualTo(1);
        assertThat(rendered.substring(rendered.indexOf("}:") + 2)).doesNotContain(":");
    }

    @Test
    void escapeEncodesEveryUnsafeCharacterAsUtf8Percent() {
        for (char c = 0; c < 128; c++) {
            String escaped = KeyRenderer.escape(String.valueOf(c));
            boolean safe = Character.isLetterOrDigit(c) || c == '_' || c == '.' || c == '-';
            if (safe) {
                assertThat(escaped).isEqualTo(String.valueOf(c));
            }
            else {
                assertThat(escaped).isEqualTo(String.format("%%%02X", (int) c));
            }
            assertThat(KeyRenderer.unescape(escaped)).isEqualTo(String.valueOf(c));
        }
        assertThat(KeyRenderer.escape("é")).isEqualTo("%C3%A9");
        assertThat(KeyRenderer.escape("👋")).isEqualTo("%F0%9F%91%8B");
        assertThat(KeyRenderer.escape("plain_text-1.0")).isEqualTo("plain_text-1.0");
        assertThat(KeyRenderer.unescape("%f0%9f%91%8b")).as("lower-case hex is read too").isEqualTo("👋");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "nope", "{1:2:3}", "{1:2:3}:", "{1:2}:d", "{1:2:3:4:5:6}:d", "{a:2:3}:d",
            "{1:2:3:x5}:d", "{1:2:3:t}:d", "{1:2:3:tx}:d", "{1:2:3:b}:d", "{1:2:3:bx:t5}:d", "{1:2:3:t1:t2}:d",
            "{1:2:3}:%G1", "{1:2:3}:%4", "1:2:3}:d"})
    void parseRejectsMalformedKeys(String canonical) {
        assertThatThrownBy(() -> renderer.parseCanonical(canonical)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("key");
    }

    @Test
    void parseRejectsForeignPrefix() {
        assertThatThrownBy(() -> renderer.parse("other:{1:2:3}:default")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("prefix");
    }

    @ParameterizedTest
    @ValueSource(strings = {"a{b", "a}", "a*", "a?", "a[", "a]", "a\\", "a b"})
    void prefixWithUnsafeCharactersIsRejected(String prefix) {
        assertThatThrownBy(() -> new KeyRenderer(prefix)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(prefix);
    }

    @Test
    void prefixIsKept() {
        assertThat(new KeyRenderer("mybot:").prefix()).isEqualTo("mybot:");
        assertThat(renderer.prefix()).isEqualTo(KeyRenderer.DEFAULT_PREFIX);
    }
}
