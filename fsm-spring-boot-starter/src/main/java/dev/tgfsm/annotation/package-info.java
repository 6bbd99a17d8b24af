/**
 * Annotation routing: {@code @BotController} classes whose handler methods are filtered by update
 * kind, state, command, text pattern and callback data, collected at start-up into a router.
 */
@NullMarked
package dev.tgfsm.annotation;

import org.jspecify.annotations.NullMarked;
