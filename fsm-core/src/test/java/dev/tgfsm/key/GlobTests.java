package dev.tgfsm.key;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class GlobTests {

    @ParameterizedTest(name = "{0} ~ {1} = {2}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "*|\"\"|true",
            "*|anything at all|true",
            "h?llo|hello|true",
            "h?llo|hallo|true",
            "h?llo|hllo|false",
            "h*llo|hllo|true",
            "h*llo|heeeello|true",
            "h*llo|hellox|false",
            "h[ae]llo|hello|true",
            "h[ae]llo|hallo|true",
            "h[ae]llo|hillo|false",
            "h[^e]llo|hallo|true",
            "h[^e]llo|hello|false",
            "h[a-b]llo|hbllo|true",
            "h[a-b]llo|hcllo|false",
            "h[b-a]llo|hallo|true",
            "h\\*llo|h*llo|true",
            "h\\*llo|hello|false",
            "h\\?llo|h?llo|true",
            "h[\\]]llo|h]llo|true",
            "a\\[b]|a[b]|true",
            "{1:*}:default|{1:2:3}:default|true",
            "{1:*}:default|{10:2:3}:default|false",
            "{1:*}:default|{1:2:3}:other|false",
            "*:default|{1:2:3}:default|true",
            "abc|abc|true",
            "abc|abcd|false",
            "abc|ab|false",
            "a**b|ab|true",
            "a*b*c|axxbyyc|true",
            "a*b*c|axxbyy|false",
            "?|\"\"|false",
            "[abc]|\"\"|false"
    })
    void matchesWithRedisSemantics(String pattern, String text, boolean expected) {
        assertThat(Glob.of(pattern).matches(text)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"plain", "a*b", "a?b", "[x]", "back\\slash", "all*?[]\\", "{1:2:3}:d%2A"})
    void quoteMatchesOnlyTheLiteral(String literal) {
        Glob glob = Glob.of(Glob.quote(literal));

        assertThat(glob.matches(literal)).isTrue();
        assertThat(glob.matches(literal + "x")).isFalse();
        assertThat(glob.matches("x" + literal)).isFalse();
        assertThat(glob.matches(literal.replace('*', 'z').replace('?', 'z').replace('[', 'z')))
                .isEqualTo(literal.replace('*', 'z').replace('?', 'z').replace('[', 'z').equals(literal));
    }

    @Test
    void literalPrefixStopsAtFirstWildcardAndResolvesEscapes() {
        assertThat(Glob.of("{1:2*").literalPrefix()).isEqualTo("{1:2");
        assertThat(Glob.of("a\\*b*").literalPrefix()).isEqualTo("a*b");
        assertThat(Glob.of("ab?c").literalPrefix()).isEqualTo("ab");
        assertThat(Glob.of("ab[c]").literalPrefix()).isEqualTo("ab");
        assertThat(Glob.of("*").literalPrefix()).isEmpty();
        assertThat(Glob.of("exact").literalPrefix()).isEqualTo("exact");
    }

    @Test
    void manyStarsDoNotTakeExponentialTime() {
        String text = "a".repeat(200);
        Glob glob = Glob.of("a*a*a*a*a*a*a*a*a*a*a*a*a*b");

        assertTimeoutPreemptively(Duration.ofSeconds(2), () -> assertThat(glob.matches(text)).isFalse());
    }

    @Test
    void nullPatternIsRejected() {
        assertThatThrownBy(() -> Glob.of(null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("pattern");
    }

    @Test
    void patternIsKept() {
        assertThat(Glob.of("a*").pattern()).isEqualTo("a*");
    }
}
