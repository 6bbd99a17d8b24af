/**
 * The settings menu: three scenes deep, with back navigation.
 */
package dev.tgfsm.sample.settings;
