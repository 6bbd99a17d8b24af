/**
 * Albums: the parts of a media group gathered in the storage, across instances, and handed to one
 * handler call once no part came for a quiet time.
 */
@NullMarked
package dev.tgfsm.album;

import org.jspecify.annotations.NullMarked;
