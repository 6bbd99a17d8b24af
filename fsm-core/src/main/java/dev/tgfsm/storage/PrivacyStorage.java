package dev.tgfsm.storage;

import dev.tgfsm.privacy.Privacy;

/**
 * An optional capability of a {@link FsmStorage}: finding what is stored about one user, for
 * exporting and erasing it ({@link Privacy}). There is no fallback: without it,
 * {@link Privacy} refuses to export or erase with a
 * {@link MissingCapabilityException}.
 */
public interface PrivacyStorage extends FsmStorage {

    /**
     * Returns this storage's way of finding what is stored about one user. Never {@code null};
     * the same object on every call is allowed but not required.
     *
     * @return the finder of one user's data
     */
    UserDataStorage userData();
}
