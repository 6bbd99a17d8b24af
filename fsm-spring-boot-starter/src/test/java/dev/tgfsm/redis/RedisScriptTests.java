package dev.tgfsm.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/**
 * Each script is loaded with exactly the {@code common.lua} functions it calls, directly or through
 * each other, defined before their use.
 */
class RedisScriptTests {

    private static final List<RedisScript> ALL = List.of(RedisScript.LOAD, RedisScript.LOCK_AND_LOAD,
            RedisScript.RENEW, RedisScript.UNLOCK, RedisScript.COMMIT, RedisScript.UPDATE, RedisScript.INCREMENT,
            RedisScript.THROTTLE, RedisDeadlines.SCHEDULE, RedisDeadlines.CLAIM, RedisDeadlines.CANCEL,
            RedisScript.read("flood"));

    @Test
    void everyCalledFunctionIsDefinedBeforeItsFirstCallAndNoOtherIs() throws IOException {
        List<String> common = new ArrayList<>();
        Matcher m = Pattern.compile("(?m)^local function (\\w+)\\(").matcher(resource("common"));
        while (m.find()) {
            common.add(m.group(1));
        }
        assertThat(common).contains("fetch", "head", "holder", "gcra", "next_tat", "book");
        for (RedisScript script : ALL) {
            String text = text(script);
            for (String function : common) {
                int defined = text.indexOf("local function " + function + "(");
                Matcher call = Pattern.compile("(?<!local function )\\b" + function + "\\(").matcher(text);
                if (call.find()) {
                    assertThat(defined).as(script.name() + " calls " + function).isNotNegative()
                            .isLessThan(call.start());
                }
                else {
                    assertThat(defined).as(script.name() + " does not call " + function).isNegative();
                }
            }
        }
    }

    @Test
    void scriptsCarryOnlyWhatTheyUse() {
        assertThat(text(RedisScript.LOCK_AND_LOAD)).contains("local function gcra(", "local function next_tat(",
                "local function book(", "local function fetch(", "local function server_ms(")
                .doesNotContain("local function problem(", "local function head(", "cjson");
        assertThat(text(RedisScript.COMMIT)).contains("local function head(", "local function problem(")
                .doesNotContain("local function gcra(", "local function size(");
        assertThat(text(RedisDeadlines.SCHEDULE)).doesNotContain("local function");
    }

    private static String text(RedisScript script) {
        return new String(script.body(), StandardCharsets.UTF_8);
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = RedisScript.class.getResourceAsStream(name + ".lua")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
