package dev.tgfsm.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.tgfsm.codec.JacksonFsmCodec;
import dev.tgfsm.storage.FsmRecord;

class RedisRecordFormatTests {

    private final RedisRecordFormat format = new RedisRecordFormat(new JacksonFsmCodec());

    @Test
    void utf8LengthIsTheLengthOfTheEncodedBytes() {
        for (String text : List.of("", "plain", "é", "ы".repeat(7), "€uro", "\uD83D\uDE00 smile", "lone \uD83D",
                "lone \uDE00 low", "\uD83D", "end \uD83D\uDE00\uD83D")) {
            assertThat(RedisRecordFormat.utf8Length(text)).as(text).isEqualTo(RedisRecordFormat.bytes(text).length);
        }
    }

    @Test
    void aCommitOfChangesCountsTheUnchangedEntriesAsAWholeWriteDoesAndWritesOnlyTheChanged() {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("name", "Анна \uD83D\uDE00");
        data.put("flow:order", Map.of("product", "c1", "quantity", 12));
        data.put("n", 1);
        FsmRecord loaded = format.decode(hashOf("s", "a", "v", "3", "c", "1", "u", "2", "d:name",
                "\"Анна \uD83D\uDE00\"", "d:flow:order", "{\"product\":\"c1\",\"quantity\":12}", "d:n", "1"), "k");
        assertThat(loaded.data()).isEqualTo(data);
        Map<String, Object> changed = new LinkedHashMap<>(loaded.data());
        changed.put("n", 2);
        FsmRecord next = loaded.withState("b").withData(changed);

        List<byte[]> set = new ArrayList<>();
        long counted = format.encodeChanges(next, new byte[0], loaded, set, new ArrayList<>());
        long whole = format.encodeChanges(next, new byte[0], null, new ArrayList<>(), new ArrayList<>());

        assertThat(counted).isEqualTo(whole);
        assertThat(set.stream().map(RedisRecordFormat::text)).containsExactly("s", "b", "d:n", "2");
    }

    private static List<Object> hashOf(String... fieldsAndValues) {
        List<Object> hash = new ArrayList<>();
        for (String text : fieldsAndValues) {
            hash.add(RedisRecordFormat.bytes(text));
        }
        return hash;
    }
}
