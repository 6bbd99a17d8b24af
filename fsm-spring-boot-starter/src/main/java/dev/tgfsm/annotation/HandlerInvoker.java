package dev.tgfsm.annotation;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

import org.jspecify.annotations.Nullable;
import org.springframework.aop.support.AopUtils;
import org.springframework.util.ReflectionUtils;
import org.telegram.telegrambots.meta.api.methods.botapimethods.BotApiMethod;

import dev.tgfsm.FsmConfigurationException;
import dev.tgfsm.dispatch.UpdateContext;
import dev.tgfsm.routing.RouteHandler;
import dev.tgfsm.routing.RouteMatch;

/**
 * Calls one handler method with its resolved arguments and acts on what it returns: a
 * {@code String} is sent as a reply, a {@code BotApiMethod} is executed; then its {@link After}
 * action runs.
 */
final class HandlerInvoker implements RouteHandler {

    private final Object bean;

    private final Method method;

    private final Argument[] arguments;

    private final HandlerArguments support;

    private final @Nullable AfterAction after;

    HandlerInvoker(Object bean, Method method, Argument[] arguments, HandlerArguments support, String where) {
        Class<?> result = method.getReturnType();
        if (result != void.class && result != String.class && !BotApiMethod.class.isAssignableFrom(result)) {
            throw new FsmConfigurationException(where + " returns " + result.getSimpleName()
                    + "; a handler returns void, a String (sent as a reply) or a BotApiMethod (executed)");
        }
        this.bean = bean;
        this.method = invocable(bean, method, where);
        this.arguments = arguments;
        this.support = support;
        this.after = AfterAction.of(method, support.beanFactory(), where);
        ReflectionUtils.makeAccessible(this.method);
    }

    /**
     * The method to call on the bean: any visibility, as Spring MVC and {@code @EventListener} accept;
     * on a proxied bean (a {@code @Transactional} controller, say) the proxy's method, so the call goes
     * through the proxy. A private method cannot be reached through a proxy.
     */
    private static Method invocable(Object bean, Method method, String where) {
        try {
            return AopUtils.selectInvocableMethod(method, bean.getClass());
        }
        catch (IllegalStateException ex) {
            throw new FsmConfigurationException(where + " is private on a proxied bean, so the call would skip the "
                    + "proxy; make it package-private, protected or public");
        }
    }

    @Override
    public void handle(UpdateContext update, RouteMatch match) throws Exception {
        Object[] values = new Object[arguments.length];
        for (int i = 0; i < values.length; i++) {
            values[i] = arguments[i].resolve(update, match);
        }
        Object result;
        try {
            result = method.invoke(bean, values);
        }
        catch (InvocationTargetException ex) {
            Throwable cause = ex.getCause();
            if (cause instanceof Exception e) {
                throw e;
            }
            throw (Error) cause;
        }
        if (result instanceof String text) {
            support.director(update).reply(text);
        }
        else if (result instanceof BotApiMethod<?> call) {
            support.director(update).send(call);
        }
        if (after != null) {
            after.run(update);
        }
    }

    @Override
    public String toString() {
        return method.toGenericString();
    }
}
