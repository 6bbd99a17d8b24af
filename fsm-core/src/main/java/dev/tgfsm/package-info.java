/**
 * The root of tgfsm: the exception hierarchy shared by every part of the library.
 */
package dev.tgfsm;
