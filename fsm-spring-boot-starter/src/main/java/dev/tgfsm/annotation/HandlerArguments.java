package dev.tgfsm.annotation;

import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.util.List;
import java.util.function.Supplier;
import java.util.regex.MatchResult;

import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.core.ResolvableType;
import org.springframework.util.function.SingletonSupplier;
import org.telegram.telegrambots.meta.api.objects.CallbackQuery;
import org.telegram.telegrambots.meta.api.objects.Update;
import org.telegram.telegrambots.meta.api.objects.User;
import org.telegram.telegrambots.meta.api.objects.chat.Chat;
import org.telegram.telegrambots.meta.api.objects.inlinequery.InlineQuery;
import org.telegram.telegrambots.meta.api.objects.message.Message;
import org.telegram.telegrambots.meta.generics.TelegramClient;

import dev.tgfsm.FsmConfigurationException;
import dev.tgfsm.FsmException;
import dev.tgfsm.album.Album;
import dev.tgfsm.context.FsmContext;
import dev.tgfsm.context.UnitOfWork;
import dev.tgfsm.dispatch.UpdateContext;
import dev.tgfsm.feature.DataMigrations;
import dev.tgfsm.feature.FeatureStateManager;
import dev.tgfsm.flow.Answer;
import dev.tgfsm.history.HistoryManager;
import dev.tgfsm.key.StorageKey;
import dev.tgfsm.key.UpdateIdentity;
import dev.tgfsm.routing.BotCommand;
import dev.tgfsm.routing.RouteMatch;
import dev.tgfsm.routing.UpdateEvent;
import dev.tgfsm.routing.UpdateKind;
import dev.tgfsm.scope.Director;
import dev.tgfsm.telegram.BotIdentity;
import dev.tgfsm.telegram.FsmBots;
import dev.tgfsm.telegram.IntakeStatus;

/**
 * Decides at start-up how each parameter of a handler method is produced, failing with a message
 * that names the method and parameter when one cannot be.
 */
final class HandlerArguments {

    private static final String SUPPORTED = "Update, Message, CallbackQuery, InlineQuery, User, Chat, FsmContext,"
            + " the payload of the route's kind (ChatMemberUpdated, ChatJoinRequest, PreCheckoutQuery, PollAnswer, ...),"
            + " UpdateContext, Album, Answer, UnitOfWork, HistoryManager, Director, StorageKey, BotCommand, RouteMatch,"
            + " MatchResult, TelegramClient, BotIdentity, a FeatureStateManager subclass, long chatId/userId, or a String"
            + " annotated @Text, @CommandArgs, @CallbackData or @Group (or named text, args, data or like a named group)";

    private final ConfigurableListableBeanFactory beanFactory;

    private final ObjectProvider<TelegramClient> client;

    /** The update-scoped Director proxy, looked up once (a bean lookup per handler call cost more). */
    private final Supplier<Director> directorProxy;

    private final ObjectProvider<FsmBots> bots;

    HandlerArguments(ConfigurableListableBeanFactory beanFactory) {
        this.beanFactory = beanFactory;
        this.client = beanFactory.getBeanProvider(TelegramClient.class);
        ObjectProvider<Director> director = beanFactory.getBeanProvider(Director.class);
        this.directorProxy = SingletonSupplier.of(director::getIfAvailable);
        this.bots = beanFactory.getBeanProvider(FsmBots.class);
    }

    Argument[] resolve(Method method, RouteInfo route, String where) {
        Parameter[] parameters = method.getParameters();
        Argument[] arguments = new Argument[parameters.length];
        for (int i = 0; i < parameters.length; i++) {
            String at = where + " parameter " + (i + 1) + " (" + parameters[i].getType().getSimpleName() + " "
                    + parameters[i].getName() + ")";
            arguments[i] = forParameter(parameters[i], route, at);
        }
        return arguments;
    }

    /**
     * The bot of an update: from {@code tgfsm.bots} when several are configured. A bot configured
     * without a username gets the one its dispatcher learned from {@code getMe} at start-up.
     */
    private BotIdentity bot(UpdateContext update) {
        long botId = update.key().botId();
        FsmBots bots = this.bots.getIfAvailable();
        BotIdentity identity;
        if (bots != null) {
            identity = bots.identity(botId);
        }
        else {
            String username = beanFactory.resolveEmbeddedValue("${tgfsm.bot.username:}");
            identity = new BotIdentity(IntakeStatus.DEFAULT_BOT, botId,
                    username == null || username.isBlank() ? null : username.trim());
        }
        if (identity.username() != null) {
            return identity;
        }
        String learned = update.botUsername(null);
        return learned == null ? identity : new BotIdentity(identity.name(), identity.id(), learned);
    }

    ConfigurableListableBeanFactory beanFactory() {
        return beanFactory;
    }

    Director director(UpdateContext update) {
        Director bean = directorProxy.get();
        return bean != null ? bean : new Director(update, client.getIfAvailable(), HistoryManager.DEFAULT_SIZE);
    }

    private Argument forParameter(Parameter p, RouteInfo route, String where) {
        Class<?> type = p.getType();
        if (type == String.class) {
            return forString(p, route, where);
        }
        if (p.isAnnotationPresent(CommandArgs.class) && (type == String[].class || type == List.class)) {
            requireCommand(route, where);
            return type == List.class ? (u, m) -> m.command().argList()
                    : (u, m) -> m.command().argList().toArray(String[]::new);
        }
        if (type == Update.class) {
            return (u, m) -> u.update();
        }
        if (type == Message.class) {
            return (u, m) -> messageOf(u.update());
        }
        if (type == CallbackQuery.class) {
            return (u, m) -> u.update().getCallbackQuery();
        }
        if (type == InlineQuery.class) {
            return (u, m) -> u.update().getInlineQuery();
        }
        if (type == User.class) {
            return (u, m) -> userOf(u.update());
        }
        if (type == Chat.class) {
            return (u, m) -> UpdateEvent.chatOf(u.update());
        }
        if (type == UpdateContext.class) {
            return (u, m) -> u;
        }
        if (type == Album.class) {
            if (route.kind() != UpdateKind.ALBUM && route.kind() != UpdateKind.ANY) {
                throw new FsmConfigurationException(where + " asks for an Album, but the method is not an @OnAlbum"
                        + " route; map it with @OnAlbum (or @OnUpdate(kind = ALBUM)) or remove the parameter");
            }
            return (u, m) -> Album.of(u);
        }
        if (type == Answer.class) {
            return (u, m) -> Answer.of(u.update());
        }
        if (type == FsmContext.class) {
            return (u, m) -> u.context();
        }
        if (type == UnitOfWork.class) {
            return (u, m) -> u.transaction();
        }
        if (type == StorageKey.class) {
            return (u, m) -> u.key();
        }
        if (type == Director.class) {
            return (u, m) -> director(u);
        }
        if (type == HistoryManager.class) {
            return (u, m) -> director(u).history();
        }
        if (type == RouteMatch.class) {
            return (u, m) -> m;
        }
        if (type == BotIdentity.class) {
            return (u, m) -> bot(u);
        }
        if (type == TelegramClient.class) {
            return (u, m) -> client.getIfAvailable();
        }
        if (type == BotCommand.class) {
            requireCommand(route, where);
            return (u, m) -> m.command();
        }
        if (type == MatchResult.class) {
            requirePattern(route, where);
            return (u, m) -> m.groups();
        }
        if ((type == long.class || type == Long.class)
                && ("chatId".equals(p.getName()) || "userId".equals(p.getName()))) {
            boolean chat = "chatId".equals(p.getName());
            return (u, m) -> {
                UpdateIdentity id = u.identity().orElse(null);
                Long value = id == null ? null : chat ? (id.chatId() != null ? id.chatId() : id.userId()) : id.userId();
                if (value == null && type == long.class) {
                    throw new FsmException("Update " + u.update().getUpdateId() + " has no " + p.getName()
                            + "; declare the parameter as Long to accept null");
                }
                return value;
            };
        }
        if (FeatureStateManager.class.isAssignableFrom(type)) {
            return forFeature(type, where);
        }
        Argument payload = EventArguments.forType(type, route.kind(), where);
        if (payload != null) {
            return payload;
        }
        if (type.isRecord()) {
            return forCallbackRecord(p, type, where);
        }
        throw new FsmConfigurationException(where + " cannot be resolved; supported are " + SUPPORTED);
    }

    private Argument forFeature(Class<?> type, String where) {
        if (beanFactory.getBeanNamesForType(type, true, false).length > 0) {
            ObjectProvider<?> provider = beanFactory.getBeanProvider(ResolvableType.forClass(type));
            return (u, m) -> provider.getObject();
        }
        try {
            Constructor<?> constructor = type.getConstructor(FsmContext.class);
            if (Modifier.isAbstract(type.getModifiers())) {
                throw new NoSuchMethodException();
            }
            ObjectProvider<DataMigrations> migrations = beanFactory.getBeanProvider(DataMigrations.class);
            return (u, m) -> {
                try {
                    FeatureStateManager manager = (FeatureStateManager) constructor.newInstance(u.context());
                    FeatureStateProcessor.applyMigrations(manager, migrations);
                    return manager;
                }
                catch (ReflectiveOperationException ex) {
                    throw new FsmException("Could not create " + type.getName() + " for " + where, ex);
                }
            };
        }
        catch (NoSuchMethodException ex) {
            throw new FsmConfigurationException(where + ": " + type.getName() + " is neither a @FeatureState bean nor"
                    + " a concrete class with a public constructor taking FsmContext; annotate it @FeatureState(\"<feature>\")"
                    + " or add such a constructor");
        }
    }

    /** A record parameter: the callback data of an {@code @OnCallback(type = ...)} route. */
    private static Argument forCallbackRecord(Parameter p, Class<?> type, String where) {
        OnCallback callback = p.getDeclaringExecutable().getAnnotation(OnCallback.class);
        if (callback == null || !type.isAssignableFrom(callback.type()) || callback.type() == Record.class) {
            throw new FsmConfigurationException(where + " is a record, but the method is not an @OnCallback(type = "
                    + type.getSimpleName() + ".class) route; add that type to @OnCallback or remove the parameter");
        }
        return (u, m) -> m.callbackValue();
    }

    private Argument forString(Parameter p, RouteInfo route, String where) {
        String name = p.getName();
        if (p.isAnnotationPresent(Text.class)) {
            return (u, m) -> m.text();
        }
        if (p.isAnnotationPresent(CommandArgs.class)) {
            requireCommand(route, where);
            return (u, m) -> m.commandArgs();
        }
        CallbackData data = p.getAnnotation(CallbackData.class);
        if (data != null) {
            requireCallback(route, where);
            return data.afterPrefix() ? (u, m) -> m.callbackSuffix() : (u, m) -> m.callbackData();
        }
        Group group = p.getAnnotation(Group.class);
        if (group != null) {
            requirePattern(route, where);
            if (!group.name().isEmpty()) {
                if (!route.hasNamedGroup(group.name())) {
                    throw new FsmConfigurationException(where + ": the pattern /" + route.pattern().pattern()
                            + "/ has no group named '" + group.name() + "'; add (?<" + group.name()
                            + ">...) or fix the name");
                }
                return (u, m) -> m.group(group.name());
            }
            int groups = route.pattern().matcher("").groupCount();
            if (group.value() < 0 || group.value() > groups) {
                throw new FsmConfigurationException(where + ": @Group(" + group.value() + ") but the pattern /"
                        + route.pattern().pattern() + "/ has " + groups + " group(s)");
            }
            return (u, m) -> m.group(group.value());
        }
        if (route.hasNamedGroup(name)) {
            return (u, m) -> m.group(name);
        }
        if ("text".equals(name)) {
            return (u, m) -> m.text();
        }
        if (("args".equals(name) || "arguments".equals(name)) && route.command()) {
            return (u, m) -> m.commandArgs();
        }
        if (("data".equals(name) || "callbackData".equals(name)) && route.callbacks()) {
            return (u, m) -> m.callbackData();
        }
        throw new FsmConfigurationException(where + ": a String parameter needs @Text, @CommandArgs, @CallbackData or"
                + " @Group, or the name text, args (command routes), data (callback routes) or that of a named group;"
                + " compile with -parameters for names to be seen");
    }

    private static void requireCommand(RouteInfo route, String where) {
        if (!route.command()) {
            throw new FsmConfigurationException(
                    where + " asks for command arguments, but the method is not an @OnCommand"
                            + " route; remove the parameter or map the method with @OnCommand");
        }
    }

    private static void requirePattern(RouteInfo route, String where) {
        if (route.pattern() == null) {
            throw new FsmConfigurationException(where + " asks for pattern groups, but the route has no pattern;"
                    + " use @OnText(pattern = ...) or @OnCallback(pattern = ...)");
        }
    }

    private static void requireCallback(RouteInfo route, String where) {
        if (!route.callbacks()) {
            throw new FsmConfigurationException(where + " asks for callback data, but the route is for "
                    + route.kind() + "; use @OnCallback");
        }
    }

    static @Nullable Message messageOf(Update update) {
        Message carried = UpdateEvent.messageOf(update);
        if (carried != null) {
            return carried;
        }
        if (update.getCallbackQuery() != null && update.getCallbackQuery().getMessage() instanceof Message m) {
            return m;
        }
        return null;
    }

    static @Nullable User userOf(Update update) {
        return UpdateEvent.userOf(update);
    }
}
