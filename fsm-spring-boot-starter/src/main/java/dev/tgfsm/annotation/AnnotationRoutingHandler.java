package dev.tgfsm.annotation;

import java.io.IOException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.core.type.MethodMetadata;
import org.springframework.core.type.classreading.MetadataReader;
import org.springframework.core.type.classreading.SimpleMetadataReaderFactory;
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
import dev.tgfsm.routing.Router;
import dev.tgfsm.routing.UpdateKind;

/**
 * The {@link UpdateHandler} built from the application's {@link BotController}s: once every
 * singleton exists, it collects their handler methods into a {@link Router}, checking every mapping
 * (parameters, states, patterns, ambiguity) so that mistakes fail the start-up; adds the commands
 * that start {@link BotFlow} flows.
 *
 * <p>Updates that arrive before the start-up finished are rejected with an exception.
 *
 * <p>Internal: not part of the public API; it may change in any release.
 */
@Internal
public class AnnotationRoutingHandler
        implements
            UpdateHandler,
            HandledKinds,
            MessageKeying,
            SmartInitializingSingleton {

    private static final Logger log = LoggerFactory.getLogger(AnnotationRoutingHandler.class);

    private final ConfigurableListableBeanFactory beanFactory;

    private final @Nullable String botUsername;

    private volatile Router router;

    /** The kinds routed for every bot (with the fallback's), and those of routes bound to one, by bot id. */
    private volatile Set<UpdateKind> everyBot = Set.of();

    private volatile Map<Long, Set<UpdateKind>> boundKinds = Map.of();

    /**
     * Creates the handler; the router is built in {@link #afterSingletonsInstantiated()}.
     *
     * @param beanFactory where the controllers are
     * @param botUsername the bot's username for {@code /cmd@bot} addressing, or {@code null}
     */
    public AnnotationRoutingHandler(ConfigurableListableBeanFactory beanFactory, @Nullable String botUsername) {
        this.beanFactory = Objects.requireNonNull(beanFactory, "beanFactory must not be null");
        this.botUsername = botUsername;
    }

    /**
     * Builds the router from every {@link BotController} bean.
     *
     * @throws FsmConfigurationException for any mapping mistake, naming the method and what to change
     */
    @Override
    public void afterSingletonsInstantiated() {
        String[] names = beanFactory.getBeanNamesForAnnotation(BotController.class);
        StateIds states = new StateIds();
        List<Object> beans = new ArrayList<>();
        List<List<Method>> methods = new ArrayList<>();
        List<String> boundTo = new ArrayList<>();
        for (String name : names) {
            Class<?> type = ClassUtils.getUserClass(Objects.requireNonNull(beanFactory.getType(name)));
            BotController controller = type.getAnnotation(BotController.class);
            String bot = "";
            if (controller != null) {
                for (Class<?> stateEnum : controller.states()) {
                    states.register(stateEnum, "@BotController " + type.getSimpleName());
                }
                bot = controller.bot().trim();
                BotBinding.botId(beanFactory, bot, "@BotController(bot = \"" + bot + "\") on " + type.getSimpleName());
            }
            beans.add(beanFactory.getBean(name));
            methods.add(handlerMethods(type));
            boundTo.add(bot);
        }
        HandlerArguments arguments = new HandlerArguments(beanFactory);
        HandlerRoutes routes = new HandlerRoutes(beanFactory, arguments, states);
        Router.Builder builder = Router.builder().botUsername(botUsername);
        Method fallback = null;
        int count = 0;
        Set<UpdateKind> every = EnumSet.noneOf(UpdateKind.class);
        Map<Long, Set<UpdateKind>> bound = new HashMap<>();
        for (int i = 0; i < beans.size(); i++) {
            for (Method method : methods.get(i)) {
                Long bot = BotBinding.methodBot(beanFactory, method, boundTo.get(i),
                        "its controller's @BotController(bot = ");
                Set<UpdateKind> kinds = bot == null ? every
                        : bound.computeIfAbsent(bot, b -> EnumSet.noneOf(UpdateKind.class));
                for (Route route : routes.routes(beans.get(i), method, bot)) {
                    builder.route(route);
                    kinds.add(route.kind());
                    count++;
                }
                if (method.isAnnotationPresent(Fallback.class)) {
                    if (!boundTo.get(i).isEmpty() || method.isAnnotationPresent(ForBot.class)) {
                        throw new FsmConfigurationException(HandlerRoutes.describe(method) + " is a @Fallback in a"
                                + " controller bound to one bot or with @ForBot; the fallback serves every bot: move it"
                                + " to a @BotController without bot and drop @ForBot");
                    }
                    if (fallback != null) {
                        throw new FsmConfigurationException("Two @Fallback methods: " + HandlerRoutes.describe(fallback)
                                + " and " + HandlerRoutes.describe(method) + "; keep one per application");
                    }
                    fallback = method;
                    builder.fallback(routes.fallback(beans.get(i), method));
                }
            }
        }
        for (Route route : FlowCommands.routes(beanFactory)) {
            builder.route(route);
            every.add(route.kind());
            count++;
        }
        this.router = builder.build();
        if (fallback != null) {
            every.addAll(Set.of(UpdateKind.MESSAGE, UpdateKind.CALLBACK_QUERY));
        }
        this.everyBot = every;
        this.boundKinds = bound;
        log.debug("Routing {} handler route(s) from {} controller(s)", count, names.length);
    }

    /**
     * Returns the router.
     *
     * @return the router
     * @throws IllegalStateException before the application context has started
     */
    public Router router() {
        Router current = router;
        if (current == null) {
            throw new IllegalStateException(
                    "The bot controllers are not collected yet; the application context is still starting");
        }
        return current;
    }

    /**
     * Returns the kinds of update the handler methods route.
     *
     * @return the router's kinds
     */
    @Override
    public Set<UpdateKind> handledKinds() {
        return router().handledKinds();
    }

    /**
     * Returns the kinds of update the handler methods route for one bot: those of the controllers
     * serving every bot, the fallback's, and those of the controllers and methods ({@link ForBot}) bound to that bot.
     *
     * @param botId the bot's id
     * @return the kinds
     */
    @Override
    public Set<UpdateKind> handledKinds(long botId) {
        router();
        Set<UpdateKind> own = boundKinds.get(botId);
        if (own == null || own.isEmpty()) {
            return boundKinds.isEmpty() ? handledKinds() : everyBot;
        }
        Set<UpdateKind> kinds = EnumSet.copyOf(own);
        kinds.addAll(everyBot);
        return kinds;
    }

    /**
     * Tells whether an update is keyed per message: whether it passes the filters of a
     * {@link PerMessage} route; {@code false} until the router is built.
     *
     * @param update the update
     * @return {@code true} if it is
     */
    @Override
    public boolean perMessage(Update update) {
        Router current = router;
        return current != null && current.perMessage(update);
    }

    /**
     * Routes the update to its handler method.
     *
     * @param update the update
     * @throws Exception what the handler threw
     */
    @Override
    public void handle(UpdateContext update) throws Exception {
        router().handle(update);
    }

    private static List<Method> handlerMethods(Class<?> type) {
        List<Method> found = new ArrayList<>();
        ReflectionUtils.doWithMethods(type, found::add,
                m -> !m.isBridge() && !m.isSynthetic() && HandlerRoutes.isHandler(m));
        for (Method method : found) {
            HandlerRoutes.checkSignature(method);
        }
        List<String> order = sourceOrder(type);
        found.sort(Comparator.comparingInt((Method m) -> depth(m.getDeclaringClass()))
                .thenComparingInt(m -> {
                    int index = order.indexOf(m.getName());
                    return index < 0 ? Integer.MAX_VALUE : index;
                }));
        return found;
    }

    /** Method names in class-file (source) order, as reflection does not promise any order. */
    private static List<String> sourceOrder(Class<?> type) {
        List<String> names = new ArrayList<>();
        try {
            MetadataReader reader = new SimpleMetadataReaderFactory(type.getClassLoader())
                    .getMetadataReader(type.getName());
            for (MethodMetadata method : reader.getAnnotationMetadata().getDeclaredMethods()) {
                names.add(method.getMethodName());
            }
        }
        catch (IOException | RuntimeException ex) {
            log.debug("Could not read the method order of {}; using reflection order", type.getName());
        }
        return names;
    }

    /** Subclass methods after superclass ones: a deeper declaring class sorts later. */
    private static int depth(Class<?> declaring) {
        int depth = 0;
        for (Class<?> c = declaring; c != null; c = c.getSuperclass()) {
            depth++;
        }
        return depth;
    }
}
