/**
 * Localised texts of the conversation engine, resolved through Spring's {@code MessageSource}.
 */
@NullMarked
package dev.tgfsm.messages;

import org.jspecify.annotations.NullMarked;
