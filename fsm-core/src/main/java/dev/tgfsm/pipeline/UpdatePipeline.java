package dev.tgfsm.pipeline;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.tgfsm.album.AlbumCollector;
import dev.tgfsm.context.FsmTransactions;
import dev.tgfsm.context.StateChangeListener;
import dev.tgfsm.dispatch.ConversationWork;
import dev.tgfsm.dispatch.CurrentUpdate;
import dev.tgfsm.dispatch.DispatcherHooks;
import dev.tgfsm.dispatch.UpdateContext;
import dev.tgfsm.dispatch.UpdateDispatcher;
import dev.tgfsm.dispatch.UpdateHandler;
import dev.tgfsm.flow.CallbackAnswers;

/**
 * The one place that decides in which order the steps of an update run. The
 * {@link UpdateDispatcher} runs it; read top to bottom, an update goes through:
 *
 * <ol>
 * <li><b>intake</b> and <b>key</b>: the dispatcher computes the conversation's key once and skips
 * an update id it has just seen;</li>
 * <li><b>admission</b> ({@link #admit}), before any lock: the rate limit, then the application's
 * {@link Phase#BEFORE_LOCK} middleware. An update stopped here costs only those checks: no lock, no
 * load, no commit. A button pressed in a dropped update is still answered, at once. When every
 * {@link Phase#BEFORE_LOCK} middleware only {@linkplain UpdateMiddleware#passesOn passes this update
 * on} (there is none, or none acts on this kind of update: the group migration acts on its service
 * messages only) and the storage can check the bucket in the lock
 * request, the rate limit hands its check to the lock request instead of making its own call
 * ({@link DispatcherHooks#throttleWithLock}): the check still comes first and a throttled update
 * still takes no lock and loads nothing, but both cost one round trip;</li>
 * <li><b>per-key order</b>: the dispatcher's serial executor runs the updates of one conversation
 * one at a time, in arrival order (admission runs in the update's turn, so it keeps the order);</li>
 * <li><b>lock and load</b>: the dispatcher opens the unit of work and skips an update the record
 * shows as handled;</li>
 * <li><b>the unit of work</b> ({@link #handle}): the update is bound to the thread
 * ({@link CurrentUpdate}), the state-change listeners are registered, unanswered callback queries
 * are answered after the rest ran; then the album parts are gathered (a part is stored and goes no
 * further; a gathered album goes on as one update), the {@link Phase#AFTER_LOAD} middleware, the garbage
 * registry, the idle timeouts, the {@link Phase#BEFORE_FLOWS} middleware, the flows, the scenes, the
 * {@link Phase#BEFORE_HANDLER} middleware and the application's handler;</li>
 * <li><b>commit</b>, then the <b>effects</b> queued in the outbox are sent (by the unit of work's
 * commit), then the <b>acknowledgement</b>: the dispatcher completes the update's future, which the
 * intake confirms to Telegram.</li>
 * </ol>
 *
 * <p>Each built-in step is optional; a missing one is skipped. Immutable and thread-safe; build one
 * with {@link #builder()}.
 */
public final class UpdatePipeline {

    private static final Logger log = LoggerFactory.getLogger(UpdatePipeline.class);

    private static final String ADMITTED = UpdatePipeline.class.getName() + ".admitted";

    private final List<UpdateMiddleware> admission;

    private final List<UpdateMiddleware> unitOfWork;

    private final @Nullable CallbackAnswers callbackAnswers;

    private final UpdateHandler admissionChain;

    private final UpdateHandler unitOfWorkChain;

    /** The steps around work from outside an update: binding, listeners, garbage, idle timeouts. */
    private final List<UpdateMiddleware> workSteps;

    /**
     * The {@link Phase#BEFORE_LOCK} middleware: a rate-limit check may ride in the lock request of an
     * update only if each of them {@linkplain UpdateMiddleware#passesOn passes it on}.
     */
    private final UpdateMiddleware[] beforeLock;

    private UpdatePipeline(Builder builder) {
        this.callbackAnswers = builder.callbackAnswers;
        List<UpdateMiddleware> before = new ArrayList<>();
        add(before, builder.rateLimit);
        before.addAll(builder.middleware.get(Phase.BEFORE_LOCK));
        this.admission = List.copyOf(before);
        this.beforeLock = builder.middleware.get(Phase.BEFORE_LOCK).toArray(UpdateMiddleware[]::new);

        List<UpdateMiddleware> steps = new ArrayList<>();
        steps.add(UpdatePipeline::bindCurrentUpdate);
        if (!builder.stateListeners.isEmpty()) {
            List<StateChangeListener> listeners = List.copyOf(builder.stateListeners);
            steps.add((update, next) -> {
                if (update.hasConversation()) {
                    listeners.forEach(FsmTransactions.of(update.transaction())::addListener);
                }
                next.handle(update);
            });
        }
        List<UpdateMiddleware> work = new ArrayList<>(steps);
        add(work, builder.garbage);
        add(work, builder.timeouts);
        this.workSteps = List.copyOf(work);
        if (builder.callbackAnswers != null) {
            steps.add(builder.callbackAnswers::handle);
        }
        add(steps, builder.albums);
        steps.addAll(builder.middleware.get(Phase.AFTER_LOAD));
        add(steps, builder.garbage);
        add(steps, builder.timeouts);
        steps.addAll(builder.middleware.get(Phase.BEFORE_FLOWS));
        add(steps, builder.flows);
        add(steps, builder.scenes);
        steps.addAll(builder.middleware.get(Phase.BEFORE_HANDLER));
        this.unitOfWork = List.copyOf(steps);

        this.admissionChain = chain(admission, update -> update.attribute(ADMITTED, Boolean.TRUE));
        UpdateHandler handler = builder.handler;
        this.unitOfWorkChain = chain(unitOfWork, handler != null ? handler : UpdatePipeline::unhandled);
    }

    /**
     * Returns a pipeline that only binds the update and runs one handler: no rate limit, no
     * middleware, no flows.
     *
     * @param handler the handler
     * @return the pipeline
     */
    public static UpdatePipeline of(UpdateHandler handler) {
        return builder().handler(Objects.requireNonNull(handler, "handler must not be null")).build();
    }

    /**
     * Starts building a pipeline.
     *
     * @return the builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Runs the admission steps, before any lock: the rate limit and the {@link Phase#BEFORE_LOCK}
     * middleware. For a dropped update that is a pressed button, the button is answered at once.
     *
     * @param update the update, with its key but without a conversation context
     * @return {@code true} if the update goes on to its unit of work, {@code false} if it was dropped
     * @throws Exception what a step threw; the update is then done, unhandled
     */
    public boolean admit(UpdateContext update) throws Exception {
        if (admission.isEmpty()) {
            return true;
        }
        if (!passedOnBeforeLock(update)) {
            DispatcherHooks.keepThrottleApartFromLock(update);
        }
        admissionChain.handle(update);
        boolean admitted = Boolean.TRUE.equals(update.attribute(ADMITTED));
        update.attribute(ADMITTED, null);
        if (!admitted) {
            dropped(update);
        }
        return admitted;
    }

    /** Whether every {@link Phase#BEFORE_LOCK} middleware only passes the update on (none acts on it). */
    private boolean passedOnBeforeLock(UpdateContext update) {
        for (UpdateMiddleware middleware : beforeLock) {
            if (!middleware.passesOn(update)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Finishes an update dropped before its unit of work: by an admission step, or by the rate-limit
     * check that rode in its lock request. A pressed button is answered at once.
     *
     * @param update the update, without a conversation context
     */
    public void dropped(UpdateContext update) {
        log.debug("Update {} was dropped before the lock", update.update().getUpdateId());
        if (callbackAnswers != null) {
            callbackAnswers.answerDropped(update);
        }
    }

    /**
     * Runs the steps inside the unit of work, from the binding of the update to the application's
     * handler. The dispatcher commits afterwards.
     *
     * @param update the update with its conversation context (none for an update without a key)
     * @throws Exception what a step threw; nothing of the update is committed
     */
    public void handle(UpdateContext update) throws Exception {
        unitOfWorkChain.handle(update);
    }

    /**
     * Runs work on a conversation from outside an update ({@link ConversationWork})
     * inside its unit of work, with the steps that keep a conversation consistent around it: the
     * binding of the context ({@link CurrentUpdate}), the state-change listeners, the garbage
     * registry and the idle timeouts. The album collector, callback answers, middleware, flows,
     * scenes and handler do not run: there is no update for them. The dispatcher commits afterwards.
     *
     * @param conversation the conversation's context, with its unit of work
     * @param work the work
     * @throws Exception what the work or a step threw; nothing is committed
     */
    public void handleWork(UpdateContext conversation, UpdateHandler work) throws Exception {
        chain(workSteps, Objects.requireNonNull(work, "work must not be null")).handle(conversation);
    }

    /**
     * Returns the steps before the lock, in order, for diagnostics.
     *
     * @return the steps
     */
    public List<UpdateMiddleware> admissionSteps() {
        return admission;
    }

    /**
     * Returns the steps inside the unit of work before the application's handler, in order, for
     * diagnostics.
     *
     * @return the steps
     */
    public List<UpdateMiddleware> unitOfWorkSteps() {
        return unitOfWork;
    }

    private static void add(List<UpdateMiddleware> steps, @Nullable UpdateMiddleware step) {
        if (step != null) {
            steps.add(step);
        }
    }

    /** Links the steps once, at build time, so that running an update allocates no chain. */
    private static UpdateHandler chain(List<UpdateMiddleware> steps, UpdateHandler last) {
        UpdateHandler next = last;
        for (int i = steps.size() - 1; i >= 0; i--) {
            UpdateMiddleware step = steps.get(i);
            UpdateHandler rest = next;
            next = update -> step.handle(update, rest);
        }
        return next;
    }

    private static void bindCurrentUpdate(UpdateContext update, UpdateHandler next) throws Exception {
        try (CurrentUpdate.Binding ignored = CurrentUpdate.bind(update)) {
            next.handle(update);
        }
    }

    private static void unhandled(UpdateContext update) {
        log.debug("No handler for update {}: define an UpdateHandler (in Spring a bean, or a @BotController)",
                update.update().getUpdateId());
    }

    /**
     * Collects the steps of a pipeline. The order is fixed by {@link UpdatePipeline}, not by the
     * order of the calls.
     */
    public static final class Builder {

        private final Map<Phase, List<UpdateMiddleware>> middleware = new EnumMap<>(Phase.class);

        private final List<StateChangeListener> stateListeners = new ArrayList<>();

        private @Nullable UpdateMiddleware rateLimit;

        private @Nullable CallbackAnswers callbackAnswers;

        private @Nullable UpdateMiddleware albums;

        private @Nullable UpdateMiddleware garbage;

        private @Nullable UpdateMiddleware timeouts;

        private @Nullable UpdateMiddleware flows;

        private @Nullable UpdateMiddleware scenes;

        private @Nullable UpdateHandler handler;

        private Builder() {
            for (Phase phase : Phase.values()) {
                middleware.put(phase, new ArrayList<>());
            }
        }

        /**
         * Sets the rate limit, checked before the lock.
         *
         * @param step the rate limit, or {@code null} for none
         * @return this builder
         */
        public Builder rateLimit(@Nullable UpdateMiddleware step) {
            this.rateLimit = step;
            return this;
        }

        /**
         * Sets what answers the callback queries left unanswered.
         *
         * @param answers the answers, or {@code null} for none
         * @return this builder
         */
        public Builder callbackAnswers(@Nullable CallbackAnswers answers) {
            this.callbackAnswers = answers;
            return this;
        }

        /**
         * Adds listeners registered on every update's unit of work.
         *
         * @param listeners the listeners
         * @return this builder
         */
        public Builder stateListeners(List<? extends StateChangeListener> listeners) {
            listeners.forEach(l -> stateListeners.add(Objects.requireNonNull(l, "listener must not be null")));
            return this;
        }

        /**
         * Sets the step that gathers albums ({@code collector::handle} of an
         * {@link AlbumCollector}); it runs
         * first in the unit of work, so a part of an album reaches nothing else.
         *
         * @param step the step, or {@code null} for none
         * @return this builder
         */
        public Builder albums(UpdateMiddleware step) {
            this.albums = step;
            return this;
        }

        /**
         * Sets the garbage registry's step.
         *
         * @param step the step, or {@code null} for none
         * @return this builder
         */
        public Builder garbage(@Nullable UpdateMiddleware step) {
            this.garbage = step;
            return this;
        }

        /**
         * Sets the idle timeouts' step.
         *
         * @param step the step, or {@code null} for none
         * @return this builder
         */
        public Builder timeouts(@Nullable UpdateMiddleware step) {
            this.timeouts = step;
            return this;
        }

        /**
         * Sets the flows' step (typically {@code flowEngine::handle}).
         *
         * @param step the step, or {@code null} for none
         * @return this builder
         */
        public Builder flows(@Nullable UpdateMiddleware step) {
            this.flows = step;
            return this;
        }

        /**
         * Sets the scenes' step (typically {@code scenes::handle}).
         *
         * @param step the step, or {@code null} for none
         * @return this builder
         */
        public Builder scenes(@Nullable UpdateMiddleware step) {
            this.scenes = step;
            return this;
        }

        /**
         * Adds the application's middleware at its {@linkplain UpdateMiddleware#phase() phase}.
         *
         * @param step the middleware
         * @return this builder
         */
        public Builder middleware(UpdateMiddleware step) {
            Objects.requireNonNull(step, "middleware must not be null");
            Phase phase = Objects.requireNonNull(step.phase(), "the middleware's phase must not be null");
            middleware.get(phase).add(step);
            return this;
        }

        /**
         * Adds the application's middleware at a phase.
         *
         * @param phase where it runs
         * @param step the middleware
         * @return this builder
         */
        public Builder middleware(Phase phase, UpdateMiddleware step) {
            return middleware(UpdateMiddleware.at(phase, step));
        }

        /**
         * Sets the application's handler, the last step.
         *
         * @param handler the handler, or {@code null} to log the updates that reach the end at debug
         * @return this builder
         */
        public Builder handler(@Nullable UpdateHandler handler) {
            this.handler = handler;
            return this;
        }

        /**
         * Builds the pipeline.
         *
         * @return the pipeline
         */
        public UpdatePipeline build() {
            return new UpdatePipeline(this);
        }
    }
}
