/**
 * The tgfsm sample bot: every feature of the library in one small Spring Boot application.
 */
package dev.tgfsm.sample;
