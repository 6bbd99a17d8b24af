/**
 * Annotation routing: {@code @BotController} classes whose handler methods are filtered by update
 * kind, state, command, text pattern and callback data, collected at start-up into a router.
 */
package dev.tgfsm.annotation;
