/**
 * Auto-configuration of albums: gathering the parts of media groups and handing each album to one
 * handler call ({@code tgfsm.albums.*}).
 */
@NullMarked
package dev.tgfsm.autoconfigure.album;

import org.jspecify.annotations.NullMarked;
