package dev.tgfsm.scope;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

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

    /** The beans this scope makes itself, by name (see {@link #createDirectly}). */
    private final Map<String, Function<UpdateContext, Object>> direct = new ConcurrentHashMap<>();

    /**
     * Makes the instances of a bean with {@code factory} from now on, instead of through the bean
     * factory, for the library's own update-scoped beans (the {@link Director}): the bean factory
     * makes each by reflection and runs every bean post-processor on it, which cost more per update
     * than the rest of its use. Such instances are not post-processed.
     *
     * @param name the bean's name in this scope (the scoped proxy's target name)
     * @param factory makes the instance for an update
     */
    public void createDirectly(String name, Function<UpdateContext, Object> factory) {
        direct.put(Objects.requireNonNull(name, "name must not be null"),
                Objects.requireNonNull(factory, "factory must not be null"));
    }

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
        Function<UpdateContext, Object> factory = direct.get(name);
        Object created = factory != null ? factory.apply(update) : objectFactory.getObject();
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
