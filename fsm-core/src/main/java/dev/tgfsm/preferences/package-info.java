/**
 * Per-user preferences that outlive flows, {@code /cancel} and {@code /reset}.
 */
package dev.tgfsm.preferences;
