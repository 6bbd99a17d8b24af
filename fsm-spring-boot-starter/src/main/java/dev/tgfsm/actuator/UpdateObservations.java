package dev.tgfsm.actuator;

import java.util.Locale;
import java.util.Objects;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;
import org.telegram.telegrambots.meta.api.objects.Update;

import dev.tgfsm.dispatch.UpdateAudience;
import dev.tgfsm.dispatch.UpdateObserver;

/**
 * One Micrometer {@link Observation} named {@value #NAME} per update, from intake to done (after the
 * commit): a tracing span and, with Boot's meter handler, a timer. Its low-cardinality keys are the
 * update's kind ({@value #KIND}: {@code message}, {@code callback_query}, ...), the bot's id
 * ({@value #BOT}), the outcome ({@value #OUTCOME}: {@code handled}, {@code duplicate}, {@code dropped},
 * {@code failed}, {@code withdrawn}, {@code abandoned}) and the class of what a failed update threw
 * ({@value #EXCEPTION}, {@code none} otherwise); the only high-cardinality key is the update's id
 * ({@value #UPDATE_ID}). No text of the update, no user or chat id and no exception message is ever
 * recorded (an exception's message may quote what the user wrote), so the error is named, not
 * attached. While the registry has no handlers, nothing is built per update.
 */
public final class UpdateObservations implements UpdateObserver {

    /** The observation's name. */
    public static final String NAME = "tgfsm.update";

    /** The key of the update's kind, as the Bot API names it. */
    public static final String KIND = "tgfsm.update.kind";

    /** The key of the bot's id. */
    public static final String BOT = "tgfsm.bot.id";

    /** The key of what became of the update. */
    public static final String OUTCOME = "tgfsm.update.outcome";

    /** The key of the simple class name of what a failed update threw. */
    public static final String EXCEPTION = "exception";

    /** The high-cardinality key of the update's id. */
    public static final String UPDATE_ID = "tgfsm.update.id";

    /** The watch of an update while the registry has no handlers: nothing is built for it. */
    private static final Watch UNWATCHED = new Watch() {
        @Override
        public void enter() {
        }

        @Override
        public void ended(Outcome outcome, @Nullable Throwable error) {
        }
    };

    private final ObservationRegistry registry;

    /**
     * Creates the observer.
     *
     * @param registry where the observations go
     */
    public UpdateObservations(ObservationRegistry registry) {
        this.registry = Objects.requireNonNull(registry, "registry must not be null");
    }

    @Override
    public Watch started(Update update, long botId) {
        if (registry.isNoop()) {
            return UNWATCHED;
        }
        String kind = UpdateAudience.kindOf(update);
        Observation observation = Observation.createNotStarted(NAME, registry)
                .contextualName("tgfsm " + kind)
                .lowCardinalityKeyValue(KIND, kind)
                .lowCardinalityKeyValue(BOT, Long.toString(botId))
                .highCardinalityKeyValue(UPDATE_ID, String.valueOf(update.getUpdateId()))
                .start();
        return new Watched(observation);
    }

    /** The observation of one update, and its scope on the worker thread while the update runs. */
    private static final class Watched implements Watch {

        private final Observation observation;

        private Observation.@Nullable Scope scope;

        Watched(Observation observation) {
            this.observation = observation;
        }

        @Override
        public void enter() {
            scope = observation.openScope();
        }

        @Override
        public void ended(Outcome outcome, @Nullable Throwable error) {
            observation.lowCardinalityKeyValue(OUTCOME, outcome.name().toLowerCase(Locale.ROOT));
            observation.lowCardinalityKeyValue(EXCEPTION, nameOf(error));
            Observation.Scope open = scope;
            if (open != null) {
                scope = null;
                open.close();
            }
            observation.stop();
        }

        private static String nameOf(@Nullable Throwable error) {
            if (error == null) {
                return "none";
            }
            String name = error.getClass().getSimpleName();
            return name.isEmpty() ? error.getClass().getName() : name;
        }
    }
}
