package dev.tgfsm.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class FlatJsonTests {

    @Test
    void aWindowKeepsTheLastValuesAndAddsTheLatest() {
        List<Object> ids = List.of();
        for (int id = 1; id <= 20; id++) {
            ids = FlatJson.window(ids, id, 16);
        }

        assertThat(ids).containsExactly(5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20);
        assertThat(ids).isEqualTo(List.of(5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20))
                .hasSameHashCodeAs(List.of(5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20));
        assertThat(ids.contains(20)).isTrue();
        assertThat(ids.contains(4)).isFalse();
        assertThat(FlatJson.window(Arrays.asList(1, null, 2), 3, 3)).as("nulls are dropped").containsExactly(1, 2, 3);
        assertThat(FlatJson.window(List.of(1, 2), 3, 1)).containsExactly(3);
        assertThatIllegalArgumentException().isThrownBy(() -> FlatJson.window(List.of(), 1, 0));
    }

    @Test
    void aWindowCannotBeChangedAndIsStoredAndEncodedAsIs() {
        List<Object> ids = FlatJson.window(new ArrayList<>(List.of(7, 8)), 3_000_000_000L, 16);
        JacksonFsmCodec codec = new JacksonFsmCodec();

        assertThatThrownBy(() -> ids.add(1)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> ids.set(0, 1)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> ids.remove(0)).isInstanceOf(UnsupportedOperationException.class);
        assertThat(FlatJson.isFrozenList(ids)).isTrue();
        assertThat(FlatJson.isFrozenList(FlatJson.window(List.of(), Map.of(), 2))).as("a map is not flat").isFalse();
        assertThat(codec.toPlain(ids)).isSameAs(ids);
        assertThat(codec.encode(Map.of("updates", ids))).isEqualTo("{\"updates\":[7,8,3000000000]}");
    }
}
