/**
 * Back navigation: the bounded stack of state-and-data snapshots kept in its own destiny.
 */
@NullMarked
package dev.tgfsm.history;

import org.jspecify.annotations.NullMarked;
