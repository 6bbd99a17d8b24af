/**
 * Per-user preferences that outlive flows, {@code /cancel} and {@code /reset}.
 */
@NullMarked
package dev.tgfsm.preferences;

import org.jspecify.annotations.NullMarked;
