/**
 * Tests of the album auto-configuration.
 */
package dev.tgfsm.autoconfigure.album;
