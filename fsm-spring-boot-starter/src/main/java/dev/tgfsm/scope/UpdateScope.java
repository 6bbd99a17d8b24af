package dev.tgfsm.scope;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectFactory;
import org.springframework.beans.factory.config.Scope;

import dev.tgfsm.FsmException;
import dev.tgfsm.Internal;
import dev.tgfsm.dispatch.CurrentUpdate;
import dev.tgfsm.dispatch.UpdateContext;

/**
 * The Spring scope {@value #NAME}: one instance of a bean per update being handled, kept in the
 * update's attributes and gone with it.
 *
 * <p>The current update is the one bound to the thread by the router ({@link CurrentUpdate}).
 * Used outside a handler, or on another thread, a scoped bean fails with an {@link FsmException}
 * that says so. Destruction callbacks are not supported (as with Spring's thread scope): scoped
 * objects are simply dropped with the update.
 *
 * <p>Internal: not part of the public API; it may change in any release.
 */
@Internal
public final class UpdateScope implements Scope {

    /** The scope's name, for {@code @Scope("update")}. */
    public static final String NAME = "update";

    /** The contextual object name under which {@link #resolveContextualObject} returns the update. */
    public static final String UPDATE_OBJECT = "update";

    private static final String ATTRIBUTE_PREFIX = UpdateScope.class.getName() + ':';

    private static final Logger log = LoggerFactory.getLogger(UpdateScope.class);

    /** The attribute of each scoped bean's name, built once per name instead of on every lookup. */
    private final Map<String, String> attributes = new ConcurrentHashMap<>();

    /**
     * Returns the instance of a bean for the current update, creating it on first use.
     *
     * @param name the bean name
     * @param objectFactory creates the instance
     * @return the instance
     * @throws FsmException outside an update
     */
    @Override
    public Object get(String name, ObjectFactory<?> objectFactory) {
        UpdateContext update = current(name);
        String attribute = attribute(name);
        Object existing = update.attribute(attribute);
        if (existing != null) {
            return existing;
        }
        Object created = objectFactory.getObject();
        update.attribute(attribute, created);
        return created;
    }

    /**
     * Removes a bean's instance from the current update.
     *
     * @param name the bean name
     * @return the removed instance, or {@code null}
     */
    @Override
    public @Nullable Object remove(String name) {
        UpdateContext update = CurrentUpdate.find().orElse(null);
        if (update == null) {
            return null;
        }
        Object existing = update.attribute(attribute(name));
        update.attribute(attribute(name), null);
        return existing;
    }

    /**
     * Ignores the callback: update-scoped objects are dropped with their update, never destroyed.
     *
     * @param name the bean name
     * @param callback the callback, not run
     */
    @Override
    public void registerDestructionCallback(String name, Runnable callback) {
        log.debug("The update scope does not run destruction callbacks; ignored the one of bean '{}'", name);
    }

    /**
     * Resolves {@value #UPDATE_OBJECT} to the current {@link UpdateContext}.
     *
     * @param key the object's name
     * @return the update, or {@code null}
     */
    @Override
    public @Nullable Object resolveContextualObject(String key) {
        return UPDATE_OBJECT.equals(key) ? CurrentUpdate.find().orElse(null) : null;
    }

    /**
     * Returns the id of the current update.
     *
     * @return the update id, or {@code null} outside an update
     */
    @Override
    public @Nullable String getConversationId() {
        return CurrentUpdate.find().map(u -> String.valueOf(u.update().getUpdateId())).orElse(null);
    }

    private String attribute(String beanName) {
        return attributes.computeIfAbsent(beanName, n -> ATTRIBUTE_PREFIX + n);
    }

    private static UpdateContext current(String beanName) {
        return CurrentUpdate.find().orElseThrow(() -> new FsmException("Bean '" + beanName
                + "' is update-scoped, but no update is being handled on thread '" + Thread.currentThread().getName()
                + "'. Use it only while a handler runs, on the handler's thread; outside handlers use"
                + " FsmContexts.writeThrough(key) to reach a conversation"));
    }
}
