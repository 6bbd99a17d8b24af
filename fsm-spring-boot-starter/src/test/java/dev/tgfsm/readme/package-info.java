/**
 * Tests that read the README's snippets by name, so the README cannot drift from the code.
 */
package dev.tgfsm.readme;
