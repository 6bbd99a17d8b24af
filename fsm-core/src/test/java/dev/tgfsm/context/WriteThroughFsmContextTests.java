package dev.tgfsm.context;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.tgfsm.codec.JacksonFsmCodec;
import dev.tgfsm.key.StorageKey;
import dev.tgfsm.storage.StorageConfig;
import dev.tgfsm.storage.memory.InMemoryFsmStorage;

class WriteThroughFsmContextTests {

    private final InMemoryFsmStorage storage = new InMemoryFsmStorage(StorageConfig.ofDefaults());

    private final FsmContexts contexts = FsmTransactions.contexts(storage, new JacksonFsmCodec(),
            ContextConfig.ofDefaults(),
            null);

    @Test
    void everyCallGoesStraightToTheStorage() {
        StorageKey key = StorageKey.of(1, 2, 3);
        FsmContext ctx = contexts.writeThrough(key);
        ctx.setState("Payment:DONE");
        assertThat(storage.getState(key)).isEqualTo("Payment:DONE");
        ctx.updateData("paid", true);
        assertThat(storage.getData(key)).containsEntry("paid", true);
        EngineContext.of(ctx).setMeta("deadline", 5);
        assertThat(storage.load(key).meta()).containsEntry("deadline", 5);
        ctx.clear();
        assertThat(storage.load(key).state()).isNull();
        assertThat(storage.load(key).data()).isEmpty();
        assertThat(storage.load(key).meta()).containsEntry("deadline", 5);
        EngineContext.of(ctx).setMeta("deadline", null);
        ctx.clear();
        assertThat(storage.load(key).exists()).isFalse();
    }

    @Test
    void destinyAddressesAnotherSlotOfTheSameConversation() {
        StorageKey key = StorageKey.of(1, 2, 3);
        contexts.writeThrough(key).destiny("prefs").setData(Map.of("lang", "en"));
        assertThat(storage.getData(key.withDestiny("prefs"))).containsEntry("lang", "en");
        assertThat(storage.load(key).exists()).isFalse();
    }
}
