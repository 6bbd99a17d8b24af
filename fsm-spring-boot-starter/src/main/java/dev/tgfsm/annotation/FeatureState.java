package dev.tgfsm.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.context.annotation.Scope;
import org.springframework.context.annotation.ScopedProxyMode;
import org.springframework.core.annotation.AliasFor;
import org.springframework.stereotype.Component;

import dev.tgfsm.feature.FeatureStateManager;
import dev.tgfsm.feature.TypedFeatureState;
import dev.tgfsm.scope.UpdateScope;

/**
 * Makes a {@link FeatureStateManager} subclass an update-scoped bean:
 * inject it anywhere, and each call works on the feature namespace of
 * the update being handled.
 *
 * <pre>{@code
 * @FeatureState("booking")
 * public class BookingState extends FeatureStateManager {
 *     public BookingState(FsmContext context) { super(context, "booking"); }
 * }
 * }</pre>
 *
 * <p>For typed access to a record, extend {@link TypedFeatureState} instead:
 * {@code class BookingState extends TypedFeatureState<Booking>} with
 * {@code super(context, "booking", Booking.class)}, then {@code get()}, {@code put(booking)} and
 * {@code modify(b -> ...)}.
 *
 * <p>As with other stereotypes, the value also names the bean (here {@code "booking"}).
 * The class must not be final (it is proxied), and the feature its constructor passes on must
 * equal {@link #value()}; both are checked, the latter when the first instance is made.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@Component
@Scope(scopeName = UpdateScope.NAME, proxyMode = ScopedProxyMode.TARGET_CLASS)
public @interface FeatureState {

    /**
     * The feature's key; its data lives under {@code draft:<value>}. It is also the manager's bean
     * name.
     *
     * @return the feature
     */
    @AliasFor(annotation = Component.class)
    String value();
}
