/**
 * The root of tgfsm: the exception hierarchy shared by every part of the library, and
 * {@link Internal}, which marks public types that are not part of the API.
 */
@NullMarked
package dev.tgfsm;

import org.jspecify.annotations.NullMarked;
