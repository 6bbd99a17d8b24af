/**
 * End-to-end tests of the garbage registry through a local Bot API server.
 */
package dev.tgfsm.garbage;
