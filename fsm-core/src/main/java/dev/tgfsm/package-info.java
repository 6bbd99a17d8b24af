/**
 * The root of tgfsm: the exception hierarchy shared by every part of the library.
 */
@NullMarked
package dev.tgfsm;

import org.jspecify.annotations.NullMarked;
