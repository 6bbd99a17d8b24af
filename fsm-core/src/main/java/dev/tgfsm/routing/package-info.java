/**
 * Framework-free routing: picks the handler of an update by its kind, the conversation's state,
 * commands, text patterns, callback data and custom predicates, in a deterministic order.
 *
 * <p>The routing machinery is API where a route's signature shows it, small and documented: a
 * route's general handler ({@code RouteHandler}) with what its filters found ({@code RouteMatch}),
 * its state filter ({@code StateFilter}), and the kinds of update a handler acts on
 * ({@code HandledKinds}). The rest (filters, callback prefixes, the diagram) stays package-private.
 */
@NullMarked
package dev.tgfsm.routing;

import org.jspecify.annotations.NullMarked;
