/**
 * The base of tgfsm's Spring lifecycles ({@code PhasedLifecycle}, internal): a fixed phase and start
 * and stop work run once each, so the storage starts first and the intake stops first.
 */
@NullMarked
package dev.tgfsm.lifecycle;

import org.jspecify.annotations.NullMarked;
