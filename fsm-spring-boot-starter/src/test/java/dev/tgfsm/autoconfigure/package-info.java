/**
 * Tests of the autoconfigure package.
 */
package dev.tgfsm.autoconfigure;
