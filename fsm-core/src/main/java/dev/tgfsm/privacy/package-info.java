/**
 * Privacy tools: exporting and erasing everything stored about one user.
 */
@NullMarked
package dev.tgfsm.privacy;

import org.jspecify.annotations.NullMarked;
