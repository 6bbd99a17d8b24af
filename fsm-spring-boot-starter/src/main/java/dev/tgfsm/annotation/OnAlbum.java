package dev.tgfsm.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import dev.tgfsm.album.Album;

/**
 * Handles albums (media groups) in a {@link BotController}: the parts of one album reach one call,
 * ordered by message id, once no part came for {@code tgfsm.albums.quiet-time}, whichever instance
 * received them. Declaring one switches gathering on (unless {@code tgfsm.albums.enabled=false});
 * then no {@link OnMessage} handler gets an album's parts. Take the parts with an
 * {@link Album} parameter; {@code Message} and {@code Update} parameters are the
 * album's first part. Other parameters are resolved by type; see {@link BotController}.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface OnAlbum {

    /**
     * State ids the conversation must be in (any of them), as for {@link OnMessage#state()}.
     *
     * @return the state ids
     */
    String[] state() default {};

    /**
     * Accept a conversation without a state (alone, or besides the states named).
     *
     * @return whether no state is accepted
     */
    boolean noState() default false;

    /**
     * Accept any state; the default when no state, {@code noState} or {@link InState} is given.
     *
     * @return whether any state is accepted
     */
    boolean anyState() default false;

    /**
     * Routes with a higher priority are tried first.
     *
     * @return the priority
     */
    int priority() default 0;
}
