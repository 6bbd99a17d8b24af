package dev.tgfsm.annotation;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.util.ClassUtils;
import org.springframework.util.ReflectionUtils;
import org.telegram.telegrambots.meta.api.objects.Update;

import dev.tgfsm.FsmConfigurationException;
import dev.tgfsm.Internal;
import dev.tgfsm.dispatch.UpdateContext;
import dev.tgfsm.dispatch.UpdateHandler;
import dev.tgfsm.key.MessageKeying;
import dev.tgfsm.routing.HandledKinds;
import dev.tgfsm.routing.Route;
import dev.tgfsm.routing.RouteMatch;
import dev.tgfsm.routing.Router;
import dev.tgfsm.routing.UpdateKind;
import dev.tgfsm.scene.Scene;
import dev.tgfsm.scene.SceneHook;

/**
 * Turns the application's {@link BotScene @BotScene} classes into {@link Scene}s: each
 * class's handler methods become the scene's own router and its hook methods the scene's hooks.
 * The scenes are handed out at once (for the scene engine) and their routers are built, and every
 * mapping checked, once all singletons exist.
 *
 * <p>Internal: not part of the public API; it may change in any release.
 */
@Internal
public final class AnnotatedScenes implements SmartInitializingSingleton {

    private final ConfigurableListableBeanFactory beanFactory;

    private final @Nullable String botUsername;

    private final List<Parts> parts = new ArrayList<>();

    private final List<Scene> scenes = new ArrayList<>();

    /**
     * Finds the {@link BotScene @BotScene} beans (without creating them yet).
     *
     * @param beanFactory where they are
     * @param botUsername the bot's username for {@code /cmd@bot} addressing, or {@code null}
     */
    public AnnotatedScenes(ConfigurableListableBeanFactory beanFactory, @Nullable String botUsername) {
        this.beanFactory = Objects.requireNonNull(beanFactory, "beanFactory must not be null");
        this.botUsername = botUsername;
        for (String name : beanFactory.getBeanNamesForAnnotation(BotScene.class)) {
            Class<?> type = ClassUtils.getUserClass(Objects.requireNonNull(beanFactory.getType(name)));
            BotScene annotation = type.getAnnotation(BotScene.class);
            if (annotation == null) {
                continue;
            }
            Parts p = new Parts(name, type, annotation);
            parts.add(p);
            Scene scene = Scene.of(annotation.value(), p)
                    .withResetDataOnEnter(annotation.resetDataOnEnter())
                    .withResetHistoryOnEnter(annotation.resetHistoryOnEnter());
            scene = has(type, OnEnter.class) || p.bound() ? scene.withOnEnter(p.hook(OnEnter.class)) : scene;
            scene = has(type, OnLeave.class) ? scene.withOnLeave(p.hook(OnLeave.class)) : scene;
            scene = has(type, OnExit.class) ? scene.withOnExit(p.hook(OnExit.class)) : scene;
            scene = has(type, OnBack.class) ? scene.withOnBack(p.hook(OnBack.class)) : scene;
            scenes.add(scene);
        }
    }

    /**
     * Returns the scenes.
     *
     * @return one scene per {@link BotScene @BotScene} class
     */
    public List<Scene> scenes() {
        return List.copyOf(scenes);
    }

    /**
     * Tells whether the conversation's current scene has a command handler for the update: such a
     * scene's own {@code @OnCommand("start")} or {@code @OnCommand("cancel")} takes the escape
     * command over, as a handler for the conversation's current state does.
     *
     * @param update the update, with its conversation
     * @return {@code true} if the current scene is a {@link BotScene @BotScene} class that routes the update to a command handler
     */
    public boolean sceneTakesCommand(UpdateContext update) {
        String state = update.hasConversation() ? update.context().getState() : null;
        if (state == null || !state.startsWith(Scene.STATE_PREFIX)) {
            return false;
        }
        String name = state.substring(Scene.STATE_PREFIX.length());
        for (Parts p : parts) {
            if (p.annotation.value().equals(name)) {
                p.build();
                Router router = p.router;
                RouteMatch match = router == null ? null : router.match(update);
                return match != null && match.route().isCommand();
            }
        }
        return false;
    }

    /**
     * Builds every scene's router and hooks, failing the start-up on a mapping mistake.
     */
    @Override
    public void afterSingletonsInstantiated() {
        for (Parts p : parts) {
            p.build();
        }
    }

    private static boolean has(Class<?> type, Class<? extends Annotation> hook) {
        return !methods(type, hook).isEmpty();
    }

    private static List<Method> methods(Class<?> type, Class<? extends Annotation> annotation) {
        List<Method> found = new ArrayList<>();
        ReflectionUtils.doWithMethods(type, found::add,
                m -> !m.isBridge() && !m.isSynthetic() && m.isAnnotationPresent(annotation));
        return found;
    }

    /** The router and hooks of one scene class, built once. */
    private final class Parts implements UpdateHandler, HandledKinds, MessageKeying {

        private final String beanName;

        private final Class<?> type;

        private final BotScene annotation;

        private volatile @Nullable Router router;

        /** The bot of the class's {@link ForBot}, or {@code null} for every bot; set by {@link #build()}. */
        private volatile @Nullable Long bot;

        private final Map<Class<?>, Router> hooks = new ConcurrentHashMap<>();

        Parts(String beanName, Class<?> type, BotScene annotation) {
            this.beanName = beanName;
            this.type = type;
            this.annotation = annotation;
        }

        synchronized void build() {
            if (router != null) {
                return;
            }
            Object bean = beanFactory.getBean(beanName);
            String botName = bound() ? type.getAnnotation(ForBot.class).value().trim() : "";
            String where = "@BotScene " + type.getSimpleName();
            bot = BotBinding.botId(beanFactory, botName, "@ForBot(\"" + botName + "\") on " + where);
            StateIds states = new StateIds();
            for (Class<?> stateEnum : annotation.states()) {
                states.register(stateEnum, "@BotScene " + type.getSimpleName());
            }
            HandlerRoutes routes = new HandlerRoutes(beanFactory, new HandlerArguments(beanFactory), states);
            Router.Builder builder = Router.builder().botUsername(botUsername);
            List<Method> handlers = new ArrayList<>();
            ReflectionUtils.doWithMethods(type, handlers::add,
                    m -> !m.isBridge() && !m.isSynthetic() && HandlerRoutes.isHandler(m));
            for (Method method : handlers) {
                HandlerRoutes.checkSignature(method);
                Long methodBot = BotBinding.methodBot(beanFactory, method, botName, "its scene's @ForBot(");
                for (Route route : routes.routes(bean, method, methodBot)) {
                    builder.route(route);
                }
                if (method.isAnnotationPresent(Fallback.class)) {
                    if (method.isAnnotationPresent(ForBot.class)) {
                        throw new FsmConfigurationException(HandlerRoutes.describe(method) + " is a @Fallback with"
                                + " @ForBot; bind the whole scene with @ForBot on " + where + " instead");
                    }
                    builder.fallback(routes.fallback(bean, method));
                }
            }
            for (Class<? extends Annotation> hook : List.of(OnEnter.class, OnLeave.class, OnExit.class, OnBack.class)) {
                List<Method> found = methods(type, hook);
                if (found.size() > 1) {
                    throw new FsmConfigurationException("@BotScene " + type.getSimpleName() + " has " + found.size()
                            + " @" + hook.getSimpleName() + " methods; keep one");
                }
                if (!found.isEmpty()) {
                    HandlerRoutes.checkSignature(found.get(0));
                    hooks.put(hook, Router.builder().botUsername(botUsername).fallbackForEveryUpdate()
                            .fallback(routes.fallback(bean, found.get(0))).build());
                }
            }
            router = builder.build();
        }

        boolean bound() {
            return type.isAnnotationPresent(ForBot.class);
        }

        @Override
        public void handle(UpdateContext update) throws Exception {
            build();
            router.handle(update);
        }

        @Override
        public Set<UpdateKind> handledKinds() {
            build();
            return router.handledKinds();
        }

        /** None for another bot than the scene's. */
        @Override
        public Set<UpdateKind> handledKinds(long botId) {
            build();
            Long own = bot;
            return own == null || own == botId ? router.handledKinds() : Set.of();
        }

        /** Whether the update passes the filters of a {@link PerMessage} route of the scene. */
        @Override
        public boolean perMessage(Update update) {
            build();
            return router.perMessage(update);
        }

        SceneHook hook(Class<? extends Annotation> kind) {
            return (update, scenes) -> {
                build();
                Long own = bot;
                if (kind == OnEnter.class && own != null && own != update.botId()) {
                    throw new IllegalStateException("Scene '" + annotation.value() + "' (" + type.getSimpleName()
                            + ") is bound to bot '" + type.getAnnotation(ForBot.class).value().trim()
                            + "' with @ForBot;"
                            + " an update of bot " + update.botId() + " cannot enter it");
                }
                Router hook = hooks.get(kind);
                if (hook != null) {
                    hook.handle(update);
                }
            };
        }
    }
}
