package dev.tgfsm.annotation;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

import org.springframework.util.ReflectionUtils;
import org.telegram.telegrambots.meta.api.methods.botapimethods.BotApiMethod;

import dev.tgfsm.FsmConfigurationException;
import dev.tgfsm.dispatch.UpdateContext;
import dev.tgfsm.routing.RouteHandler;
import dev.tgfsm.routing.RouteMatch;

/**
 * Calls one handler method with its resolved arguments and acts on what it returns: a
 * {@code String} is sent as a reply, a {@code BotApiMethod} is executed.
 */
final class HandlerInvoker implements RouteHandler {

    private final Object bean;

    private final Method method;

    private final Argument[] arguments;

    private final HandlerArguments support;

    HandlerInvoker(Object bean, Method method, Argument[] arguments, HandlerArguments support, String where) {
        Class<?> result = method.getReturnType();
        if (result != void.class && result != String.class && !BotApiMethod.class.isAssignableFrom(result)) {
            throw new FsmConfigurationException(where + " returns " + result.getSimpleName()
                    + "; a handler returns void, a String (sent as a reply) or a BotApiMethod (executed)");
        }
        this.bean = bean;
        this.method = method;
        this.arguments = arguments;
        this.support = support;
        ReflectionUtils.makeAccessible(method);
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
    }

    @Override
    public String toString() {
        return method.toGenericString();
    }
}
