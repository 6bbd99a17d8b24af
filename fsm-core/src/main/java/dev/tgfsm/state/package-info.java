/**
 * The state model: states as Java enums implementing {@link FsmState}, each stored by
 * a stable id.
 */
@NullMarked
package dev.tgfsm.state;

import org.jspecify.annotations.NullMarked;
