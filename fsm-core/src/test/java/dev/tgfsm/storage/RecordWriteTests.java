package dev.tgfsm.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.tgfsm.key.StorageKey;

class RecordWriteTests {

    private static final StorageKey KEY = StorageKey.of(1, 2, 3);

    @Test
    void aWriteWithoutABaseSaysNothingAboutWhatItReplaces() {
        RecordWrite write = RecordWrite.put(KEY, FsmRecord.of("A", Map.of()), 3, null);

        assertThat(write.base()).isNull();
        assertThat(new RecordWrite(KEY, null, 3, null).base()).isNull();
    }

    @Test
    void withBaseKeepsEverythingElseAndCarriesTheLoadedRecord() {
        FsmRecord loaded = FsmRecord.of("A", Map.of("n", 1)).withVersion(3);
        RecordWrite write = RecordWrite.put(KEY, loaded.withState("B"), 3, Duration.ofMinutes(1)).withBase(loaded);

        assertThat(write.base()).isSameAs(loaded);
        assertThat(write.key()).isEqualTo(KEY);
        assertThat(write.record().state()).isEqualTo("B");
        assertThat(write.expectedVersion()).isEqualTo(3);
        assertThat(write.ttl()).isEqualTo(Duration.ofMinutes(1));
        assertThat(RecordWrite.delete(KEY, 3).withBase(loaded).isDelete()).isTrue();
        assertThat(RecordWrite.put(KEY, loaded, 0, null).withBase(FsmRecord.EMPTY).base()).isSameAs(FsmRecord.EMPTY);
    }

    @Test
    void aBaseOfAnotherVersionThanTheExpectedOneIsRefused() {
        FsmRecord loaded = FsmRecord.of("A", Map.of()).withVersion(2);

        assertThatIllegalArgumentException().isThrownBy(() -> RecordWrite.put(KEY, loaded, 3, null).withBase(loaded))
                .withMessageContaining("version 2").withMessageContaining("expects 3");
        assertThatNullPointerException().isThrownBy(() -> RecordWrite.put(KEY, loaded, 2, null).withBase(null));
    }
}
