/**
 * Small pieces that tests of fsm-core and of the starter share through fsm-core's test-jar, which is
 * on both test class paths.
 */
package dev.tgfsm.testsupport;
