/**
 * Back navigation: the bounded stack of state-and-data snapshots kept in its own destiny.
 */
package dev.tgfsm.history;
