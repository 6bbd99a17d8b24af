package dev.tgfsm.dispatch;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.telegram.telegrambots.meta.api.objects.Update;

/**
 * Records what became of each watched update as {@code "<text> <outcome>"}, and fails an update's
 * watch that ends twice or ends on another thread than the one that entered it.
 */
final class RecordingObserver implements UpdateObserver {

    final List<String> ended = new CopyOnWriteArrayList<>();

    @Override
    public Watch started(Update update, long botId) {
        String text = update.getMessage().getText();
        return new Watch() {

            private Thread entered;

            private boolean done;

            @Override
            public void enter() {
                entered = Thread.currentThread();
            }

            @Override
            public void ended(Outcome outcome, Throwable error) {
                if (done || entered != null && entered != Thread.currentThread()) {
                    ended.add(text + " ended twice or on another thread");
                }
                done = true;
                ended.add(text + " " + outcome);
            }
        };
    }
}
