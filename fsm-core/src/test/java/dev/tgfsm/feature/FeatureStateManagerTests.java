package dev.tgfsm.feature;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.tgfsm.codec.JacksonFsmCodec;
import dev.tgfsm.context.ContextConfig;
import dev.tgfsm.context.FsmContexts;
import dev.tgfsm.context.FsmTransaction;
import dev.tgfsm.context.FsmTransactions;
import dev.tgfsm.key.StorageKey;
import dev.tgfsm.storage.StorageConfig;
import dev.tgfsm.storage.memory.InMemoryFsmStorage;

class FeatureStateManagerTests {

    record Booking(int hotelId, String room) {
    }

    static final class BookingState extends FeatureStateManager {
        BookingState(dev.tgfsm.context.FsmContext context) {
            super(context, "booking");
        }

        void saveHotel(int id) {
            update("hotel_id", id);
        }

        Integer hotel() {
            return getValue("hotel_id", Integer.class);
        }
    }

    private static final StorageKey KEY = StorageKey.of(1, 2, 3);

    private final InMemoryFsmStorage storage = new InMemoryFsmStorage(StorageConfig.ofDefaults());

    private final FsmContexts contexts = FsmTransactions.contexts(storage, new JacksonFsmCodec(),
            ContextConfig.ofDefaults(),
            null);

    @Test
    void featureDataLivesUnderItsNamespace() {
        try (FsmTransaction tx = FsmTransactions.begin(contexts, KEY)) {
            new BookingState(tx.context()).saveHotel(42);
            tx.commit();
        }
        assertThat(storage.getData(KEY)).containsOnly(Map.entry("draft:booking", Map.of("hotel_id", 42)));
        assertThat(new BookingState(contexts.writeThrough(KEY)).hotel()).isEqualTo(42);
    }

    @Test
    void clearRemovesOnlyTheFeaturesNamespace() {
        try (FsmTransaction tx = FsmTransactions.begin(contexts, KEY)) {
            tx.context().setState("Main:MENU");
            tx.context().updateData("lang", "en");
            new FeatureStateManager(tx.context(), "profile").update("name", "Ann");
            BookingState booking = new BookingState(tx.context());
            booking.saveHotel(1);
            booking.clear();
            assertThat(booking.getAll()).isEmpty();
            tx.commit();
        }
        assertThat(storage.getState(KEY)).isEqualTo("Main:MENU");
        assertThat(storage.getData(KEY)).containsOnly(Map.entry("lang", "en"),
                Map.entry("draft:profile", Map.of("name", "Ann")));
    }

    @Test
    void typedRecordAccess() {
        FeatureStateManager booking = new FeatureStateManager(contexts.writeThrough(KEY), "booking");
        assertThat(booking.get(Booking.class)).isNull();
        booking.set(new Booking(7, "12B"));
        assertThat(booking.get(Booking.class)).isEqualTo(new Booking(7, "12B"));
        assertThat(booking.getValue("room")).isEqualTo("12B");
        booking.set(null);
        assertThat(storage.getData(KEY)).isEmpty();
    }
}
