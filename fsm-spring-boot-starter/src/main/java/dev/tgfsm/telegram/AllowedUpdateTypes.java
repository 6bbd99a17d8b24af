package dev.tgfsm.telegram;

import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.telegram.telegrambots.meta.api.methods.updates.AllowedUpdates;

import dev.tgfsm.Internal;
import dev.tgfsm.dispatch.UpdateHandler;
import dev.tgfsm.flow.AnswerKind;
import dev.tgfsm.flow.Flow;
import dev.tgfsm.flow.FlowEngine;
import dev.tgfsm.flow.FlowNode;
import dev.tgfsm.routing.HandledKinds;
import dev.tgfsm.routing.UpdateKind;
import dev.tgfsm.scene.Scene;
import dev.tgfsm.scene.SceneNavigator;

/**
 * Derives {@code allowed_updates} from what the application routes: the kinds of its
 * {@code @BotController} routes (and its fallback: messages and callback queries), of its scenes'
 * routes, messages and callback queries when it has flows, wizards or scenes (their buttons and escape
 * commands), and poll answers when a flow's step takes poll votes. A handler that cannot tell its kinds (an {@link UpdateHandler} bean of its own, an
 * {@code @OnUpdate} catch-all), or nothing routed at all, means every kind, listed in full: Telegram keeps the previous
 * {@code allowed_updates} when none is given, so "everything" must be asked for explicitly.
 *
 * <p>Internal: used by tgfsm's auto-configuration, not meant for applications.
 */
@Internal
public final class AllowedUpdateTypes {

    /** Every update kind of the Bot API, in its documentation's order. */
    static final List<String> ALL = List.of(AllowedUpdates.MESSAGE, AllowedUpdates.EDITEDMESSAGE,
            AllowedUpdates.CHANNELPOST, AllowedUpdates.EDITEDCHANNELPOST, AllowedUpdates.BUSINESSCONNECTION,
            AllowedUpdates.BUSINESSMESSAGE, AllowedUpdates.EDITEDBUSINESSMESSAGE,
            AllowedUpdates.DELETEDBUSINESSMESSAGES, AllowedUpdates.MESSAGEREACTION,
            AllowedUpdates.MESSAGEREACTIONCOUNT, AllowedUpdates.INLINEQUERY, AllowedUpdates.CHOSENINLINERESULT,
            AllowedUpdates.CALLBACKQUERY, AllowedUpdates.SHIPPINGQUERY, AllowedUpdates.PRECHECKOUTQUERY,
            AllowedUpdates.POLL, AllowedUpdates.POLLANSWER, AllowedUpdates.MYCHATMEMBER, AllowedUpdates.CHATMEMBER,
            AllowedUpdates.CHATJOINREQUEST, AllowedUpdates.CHATBOOST, AllowedUpdates.REMOVEDCHATBOOST);

    private AllowedUpdateTypes() {
    }

    /**
     * Supplies the configured kinds if any, else those derived from the application's beans, resolved
     * when asked (once the handlers are built, at start).
     *
     * @param override the Bot API names of the kinds from the properties, may be {@code null} or empty
     * @param bot the bot whose updates these are (the routes of controllers bound to other bots are
     *        left out), or {@code null} for every route
     * @param handler the application's handler
     * @param scenes the scene engine
     * @param flows the flow engine
     * @return the supplier
     */
    public static Supplier<List<String>> of(@Nullable List<String> override, @Nullable Long bot,
            ObjectProvider<UpdateHandler> handler, ObjectProvider<SceneNavigator> scenes,
            ObjectProvider<FlowEngine> flows) {
        List<String> configured = override == null ? List.of() : List.copyOf(override);
        return () -> {
            SceneNavigator engine = scenes.getIfAvailable();
            FlowEngine flowEngine = flows.getIfAvailable();
            List<String> kinds = resolve(configured, handler.getIfUnique(), bot,
                    engine == null ? List.of() : engine.scenes().values(),
                    flowEngine != null && !flowEngine.flows().isEmpty());
            return configured != null && !configured.isEmpty() || flowEngine == null ? kinds
                    : withFlowAnswers(kinds, flowEngine.flows().values());
        };
    }

    /**
     * Adds {@code poll_answer} to derived kinds when a flow or wizard step takes poll votes
     * ({@code Accepts.pollAnswer()}): votes are updates of their own kind, not messages.
     *
     * @param kinds the derived kinds, in the Bot API's order
     * @param flows the flows
     * @return the kinds, in the Bot API's order
     */
    static List<String> withFlowAnswers(List<String> kinds, Collection<Flow> flows) {
        boolean votes = flows.stream().flatMap(flow -> flow.nodes().values().stream())
                .anyMatch(node -> node instanceof FlowNode.Ask ask && ask.accepts().takes(AnswerKind.POLL_ANSWER));
        if (!votes || kinds.contains(AllowedUpdates.POLLANSWER)) {
            return kinds;
        }
        return ALL.stream().filter(kind -> kinds.contains(kind) || kind.equals(AllowedUpdates.POLLANSWER)).toList();
    }

    /**
     * Returns the configured kinds if any, else the derived ones.
     *
     * @param override the Bot API names of the kinds from the properties, may be {@code null} or empty
     * @param handler the application's handler, or {@code null}
     * @param bot the bot whose updates these are, or {@code null} for every route
     * @param scenes the scenes
     * @param hasFlows whether flows or wizards exist
     * @return the Bot API names of the kinds to ask for, in the Bot API's order
     */
    static List<String> resolve(List<String> configured, UpdateHandler handler, @Nullable Long bot,
            Collection<Scene> scenes, boolean hasFlows) {
        if (configured != null && !configured.isEmpty()) {
            return configured.stream().map(String::trim).filter(kind -> !kind.isEmpty()).distinct().toList();
        }
        Set<UpdateKind> kinds = EnumSet.noneOf(UpdateKind.class);
        if (handler != null) {
            kinds.addAll(kindsOf(handler, bot));
        }
        for (Scene scene : scenes) {
            kinds.addAll(kindsOf(scene.handler(), bot));
        }
        if (hasFlows || !scenes.isEmpty()) {
            kinds.add(UpdateKind.MESSAGE);
            kinds.add(UpdateKind.CALLBACK_QUERY);
        }
        if (kinds.contains(UpdateKind.ANY) || kinds.isEmpty()) {
            return ALL;
        }
        List<String> names = new ArrayList<>();
        for (String name : ALL) {
            if (kinds.stream().anyMatch(kind -> name.equals(apiName(kind)))) {
                names.add(name);
            }
        }
        return names;
    }

    private static Set<UpdateKind> kindsOf(UpdateHandler handler, @Nullable Long bot) {
        if (handler instanceof HandledKinds known) {
            return bot == null ? known.handledKinds() : known.handledKinds(bot);
        }
        return Set.of(UpdateKind.ANY);
    }

    private static @Nullable String apiName(UpdateKind kind) {
        return kind.apiName();
    }
}
