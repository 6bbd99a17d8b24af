package dev.tgfsm.autoconfigure;

import java.util.List;

import org.jspecify.annotations.Nullable;
import org.telegram.telegrambots.meta.api.objects.Update;

import dev.tgfsm.dispatch.UpdateObserver;

/**
 * Lets every observer bean watch each update, in their order: each update's watches are entered in
 * that order and ended in the reverse one, so scopes that the observers open nest. A watch that throws
 * keeps no other from being entered or ended: the first exception is thrown after all ran, and the
 * dispatcher logs it. One that throws when an update starts leaves the update unobserved by all.
 */
final class CompositeUpdateObserver implements UpdateObserver {

    private final UpdateObserver[] observers;

    private CompositeUpdateObserver(List<UpdateObserver> observers) {
        this.observers = observers.toArray(UpdateObserver[]::new);
    }

    /**
     * Returns what watches each update for the given observers.
     *
     * @param observers the observer beans, in order
     * @return {@code null} for none, the observer itself for one, else all of them in order
     */
    static @Nullable UpdateObserver of(List<UpdateObserver> observers) {
        return switch (observers.size()) {
            case 0 -> null;
            case 1 -> observers.get(0);
            default -> new CompositeUpdateObserver(observers);
        };
    }

    @Override
    public Watch started(Update update, long botId) {
        Watch[] watches = new Watch[observers.length];
        for (int i = 0; i < observers.length; i++) {
            watches[i] = observers[i].started(update, botId);
        }
        return new Watches(watches);
    }

    /** The watches of one update. */
    private record Watches(Watch[] watches) implements Watch {

        @Override
        public void enter() {
            RuntimeException failure = null;
            for (Watch watch : watches) {
                try {
                    watch.enter();
                }
                catch (RuntimeException ex) {
                    failure = first(failure, ex);
                }
            }
            throwIfAny(failure);
        }

        @Override
        public void ended(Outcome outcome, @Nullable Throwable error) {
            RuntimeException failure = null;
            for (int i = watches.length - 1; i >= 0; i--) {
                try {
                    watches[i].ended(outcome, error);
                }
                catch (RuntimeException ex) {
                    failure = first(failure, ex);
                }
            }
            throwIfAny(failure);
        }

        private static RuntimeException first(@Nullable RuntimeException failure, RuntimeException ex) {
            if (failure == null) {
                return ex;
            }
            failure.addSuppressed(ex);
            return failure;
        }

        private static void throwIfAny(@Nullable RuntimeException failure) {
            if (failure != null) {
                throw failure;
            }
        }
    }
}
