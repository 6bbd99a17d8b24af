package dev.tgfsm.annotation;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import org.jspecify.annotations.Nullable;
import org.springframework.beans.BeanUtils;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.util.ClassUtils;

import dev.tgfsm.FsmConfigurationException;
import dev.tgfsm.callback.CallbackCodec;
import dev.tgfsm.routing.Route;
import dev.tgfsm.routing.RouteBuilder;
import dev.tgfsm.routing.StateFilter;
import dev.tgfsm.routing.UpdateKind;

/**
 * Turns the route annotations of one handler method into {@link Route}s, checking them.
 */
final class HandlerRoutes {

    /** The annotations that make a method a route. */
    static final List<Class<? extends Annotation>> ROUTE_ANNOTATIONS = List.of(OnMessage.class, OnEditedMessage.class,
            OnCommand.class, OnText.class, OnCallback.class, OnAlbum.class, OnUpdate.class);

    private final ConfigurableListableBeanFactory beanFactory;

    private final HandlerArguments arguments;

    private final StateIds states;

    HandlerRoutes(ConfigurableListableBeanFactory beanFactory, HandlerArguments arguments, StateIds states) {
        this.beanFactory = beanFactory;
        this.arguments = arguments;
        this.states = states;
    }

    static boolean isHandler(Method method) {
        return method.isAnnotationPresent(Fallback.class)
                || ROUTE_ANNOTATIONS.stream().anyMatch(method::isAnnotationPresent);
    }

    static String describe(Method method) {
        return "Handler method " + method.getDeclaringClass().getSimpleName() + '.' + method.getName()
                + Arrays.stream(method.getParameterTypes()).map(Class::getSimpleName).toList().toString()
                        .replace('[', '(').replace(']', ')');
    }

    static void checkSignature(Method method) {
        String where = describe(method);
        if (Modifier.isStatic(method.getModifiers())) {
            throw new FsmConfigurationException(where + " is static; handler methods must be instance methods");
        }
    }

    /**
     * The routes of one method.
     *
     * @param bean the controller
     * @param method the method
     * @param bot the bot the controller is bound to, or {@code null} for every bot
     */
    List<Route> routes(Object bean, Method method, @Nullable Long bot) {
        String where = describe(method);
        List<Route> routes = new ArrayList<>();
        String name = method.getDeclaringClass().getSimpleName() + '.' + method.getName();
        for (Class<? extends Annotation> type : ROUTE_ANNOTATIONS) {
            Annotation a = method.getAnnotation(type);
            if (a == null) {
                continue;
            }
            RouteBuilder builder;
            Pattern pattern = null;
            String prefix = null;
            boolean command = false;
            StateFilter state;
            int priority;
            if (a instanceof OnMessage m) {
                builder = Route.on(UpdateKind.MESSAGE);
                state = state(method, m.state(), m.noState(), m.anyState(), where);
                priority = m.priority();
            }
            else if (a instanceof OnAlbum m) {
                builder = Route.on(UpdateKind.ALBUM);
                state = state(method, m.state(), m.noState(), m.anyState(), where);
                priority = m.priority();
            }
            else if (a instanceof OnEditedMessage m) {
                builder = Route.on(UpdateKind.EDITED_MESSAGE);
                state = state(method, m.state(), m.noState(), m.anyState(), where);
                priority = m.priority();
            }
            else if (a instanceof OnCommand m) {
                if (m.value().length == 0) {
                    throw new FsmConfigurationException(
                            where + ": @OnCommand names no command; write @OnCommand(\"start\")");
                }
                try {
                    builder = Route.command(m.value());
                }
                catch (IllegalArgumentException ex) {
                    throw new FsmConfigurationException(where + ": " + ex.getMessage());
                }
                command = true;
                state = state(method, m.state(), m.noState(), m.anyState(), where);
                priority = m.priority();
            }
            else if (a instanceof OnText m) {
                builder = Route.on(UpdateKind.MESSAGE);
                pattern = compile(m.pattern().isEmpty() ? "(?s).+" : m.pattern(), where);
                state = state(method, m.state(), m.noState(), m.anyState(), where);
                priority = m.priority();
            }
            else if (a instanceof OnCallback m) {
                builder = Route.callback();
                if (!m.prefix().isEmpty() && !m.data().isEmpty()) {
                    throw new FsmConfigurationException(where + ": @OnCallback has both prefix and data; keep one");
                }
                if (!m.prefix().isEmpty()) {
                    prefix = m.prefix();
                    builder.dataPrefix(prefix);
                }
                if (!m.data().isEmpty()) {
                    builder.data(m.data());
                }
                typedData(builder, m, where);
                pattern = m.pattern().isEmpty() ? null : compile(m.pattern(), where);
                state = state(method, m.state(), m.noState(), m.anyState(), where);
                priority = m.priority();
            }
            else {
                OnUpdate m = (OnUpdate) a;
                builder = Route.on(m.kind());
                for (Class<? extends UpdateFilter> filter : m.filter()) {
                    builder.filter(filterOf(filter, where));
                }
                state = state(method, m.state(), m.noState(), m.anyState(), where);
                priority = m.priority();
            }
            if (pattern != null) {
                builder.text(pattern);
            }
            if (bot != null) {
                long id = bot;
                builder.filter(update -> update.botId() == id);
            }
            Content content = method.getAnnotation(Content.class);
            if (content != null) {
                builder.content(content.value());
            }
            Class<?> beanType = ClassUtils.getUserClass(bean);
            InChat chats = method.isAnnotationPresent(InChat.class) ? method.getAnnotation(InChat.class)
                    : AnnotatedElementUtils.findMergedAnnotation(beanType, InChat.class);
            if (chats != null) {
                builder.chatType(chats.value());
            }
            if (method.isAnnotationPresent(PerMessage.class)
                    || AnnotatedElementUtils.hasAnnotation(beanType, PerMessage.class)) {
                builder.perMessage();
            }
            RouteInfo info = new RouteInfo(builder.kind(), command, pattern, prefix);
            HandlerInvoker invoker = new HandlerInvoker(bean, method, arguments.resolve(method, info, where), arguments,
                    where);
            try {
                routes.add(builder.name(name).state(state).priority(priority).handle(invoker));
            }
            catch (FsmConfigurationException ex) {
                throw new FsmConfigurationException(where + ": " + ex.getMessage());
            }
        }
        return routes;
    }

    /** Applies {@link OnCallback#type()} and {@link OnCallback#where()}. */
    private static void typedData(RouteBuilder builder, OnCallback m, String where) {
        if (m.type() == Record.class) {
            if (m.where().length > 0) {
                throw new FsmConfigurationException(where + ": @OnCallback has where conditions but no type;"
                        + " add type = YourRecord.class");
            }
            return;
        }
        if (!m.prefix().isEmpty() || !m.data().isEmpty()) {
            throw new FsmConfigurationException(where + ": @OnCallback has a type and a prefix or data; the type's"
                    + " @CallbackPrefix is the filter, so remove prefix and data");
        }
        try {
            if (m.where().length == 0) {
                builder.data(m.type());
            }
            else {
                withConditions(builder, CallbackCodec.of(m.type()), m.where(), where);
            }
        }
        catch (FsmConfigurationException ex) {
            throw ex.getMessage().startsWith(where) ? ex
                    : new FsmConfigurationException(where + ": " + ex.getMessage());
        }
    }

    private static <T extends Record> void withConditions(RouteBuilder builder, CallbackCodec<T> codec,
            String[] conditions,
            String where) {
        builder.data(codec.type(), CallbackConditions.of(codec, conditions, where));
    }

    HandlerInvoker fallback(Object bean, Method method) {
        String where = describe(method);
        return new HandlerInvoker(bean, method, arguments.resolve(method, RouteInfo.FALLBACK, where), arguments, where);
    }

    private StateFilter state(Method method, String[] ids, boolean none, boolean any, String where) {
        InState[] inStates = method.getAnnotationsByType(InState.class);
        if (any) {
            if (ids.length > 0 || none || inStates.length > 0) {
                throw new FsmConfigurationException(where + ": anyState = true cannot be combined with state, noState"
                        + " or @InState; remove anyState or the state filters");
            }
            return StateFilter.any();
        }
        List<String> all = new ArrayList<>();
        for (String id : ids) {
            all.add(states.check(id, where));
        }
        for (InState inState : inStates) {
            all.addAll(states.idsOf(inState, where));
        }
        if (all.isEmpty()) {
            return none ? StateFilter.none() : StateFilter.any();
        }
        return StateFilter.ofIds(all, none);
    }

    private static Pattern compile(String regex, String where) {
        try {
            return Pattern.compile(regex);
        }
        catch (PatternSyntaxException ex) {
            throw new FsmConfigurationException(where + ": invalid pattern '" + regex + "': " + ex.getDescription()
                    + " near index " + ex.getIndex() + "; fix the regular expression");
        }
    }

    private UpdateFilter filterOf(Class<? extends UpdateFilter> type, String where) {
        if (beanFactory.getBeanNamesForType(type).length > 0) {
            return beanFactory.getBean(type);
        }
        try {
            return BeanUtils.instantiateClass(type.getConstructor());
        }
        catch (NoSuchMethodException | RuntimeException ex) {
            throw new FsmConfigurationException(where + ": filter " + type.getName()
                    + " is not a bean and has no public no-argument constructor; declare it as a bean or add one");
        }
    }
}
