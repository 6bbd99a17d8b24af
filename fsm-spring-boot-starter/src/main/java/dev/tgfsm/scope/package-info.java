/**
 * The update scope: objects bound to the update being handled (the {@code FsmContext}, the
 * {@link Director}, feature managers), injectable into singletons through scoped
 * proxies.
 */
@NullMarked
package dev.tgfsm.scope;

import org.jspecify.annotations.NullMarked;
