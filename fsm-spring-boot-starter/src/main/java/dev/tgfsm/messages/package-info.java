/**
 * Localised texts of the conversation engine, resolved through Spring's {@code MessageSource}.
 */
package dev.tgfsm.messages;
