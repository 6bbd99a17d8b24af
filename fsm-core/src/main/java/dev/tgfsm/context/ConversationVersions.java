package dev.tgfsm.context;

import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import dev.tgfsm.key.StorageKey;
import dev.tgfsm.storage.RecordMap;

/**
 * The versioning of stored data as the unit of work applies it: a conversation's top-level data
 * (its feature namespaces, {@code draft:*}, keep their own versions and are handed to no step) and a
 * scope's data.
 */
final class ConversationVersions {

    /** What feature namespaces start with ({@code FeatureStateManager.NAMESPACE_PREFIX}). */
    private static final String FEATURE_PREFIX = "draft:";

    private ConversationVersions() {
    }

    /**
     * Brings a conversation's stored top-level data to the current version.
     *
     * @return the data without the version entry; {@code stored} itself if unversioned and current
     */
    static Map<String, Object> upgrade(DataVersions versions, StorageKey key, Map<String, Object> stored) {
        Object entry = stored.get(DataVersions.VERSION_ENTRY);
        int current = versions.currentVersion(DataVersions.CONVERSATION);
        if (entry == null && current == 1) {
            return stored;
        }
        Map<String, @Nullable Object> own = new LinkedHashMap<>();
        Map<String, @Nullable Object> features = new LinkedHashMap<>();
        stored.forEach((name, value) -> (name.startsWith(FEATURE_PREFIX) ? features : own).put(name, value));
        Map<String, @Nullable Object> upgraded = versions.upgrade(key, DataVersions.CONVERSATION, own);
        RecordMap.Builder data = RecordMap.builder(upgraded.size() + features.size());
        upgraded.forEach((name, value) -> {
            if (!name.equals(DataVersions.VERSION_ENTRY) && !name.startsWith(FEATURE_PREFIX)) {
                data.put(name, value);
            }
        });
        features.forEach(data::put);
        return data.build();
    }

    /**
     * Brings a scope's stored data to the current version.
     *
     * @return the data without the version entry; {@code stored} itself if unversioned and current
     */
    static Map<String, @Nullable Object> upgrade(DataVersions versions, StorageKey key, DataScope scope,
            Map<String, @Nullable Object> stored) {
        String subject = DataVersions.subjectOf(scope);
        if (!stored.containsKey(DataVersions.VERSION_ENTRY) && versions.currentVersion(subject) == 1) {
            return stored;
        }
        Map<String, @Nullable Object> upgraded = versions.upgrade(key, subject, stored);
        if (upgraded.containsKey(DataVersions.VERSION_ENTRY)) {
            upgraded = new LinkedHashMap<>(upgraded);
            upgraded.remove(DataVersions.VERSION_ENTRY);
        }
        return RecordMap.copyOf(upgraded);
    }

    /**
     * Tells whether stored data (checked by {@link #upgrade} already) is of an older version than the
     * subject's current one.
     */
    static boolean isOld(DataVersions versions, String subject, Map<String, ?> stored) {
        Object entry = stored.get(DataVersions.VERSION_ENTRY);
        int version = entry instanceof Number number ? number.intValue() : 1;
        return version < versions.currentVersion(subject);
    }

    /** Returns data to store: with the subject's current version when it is above 1. */
    static Map<String, Object> stamp(DataVersions versions, String subject, Map<String, ?> data) {
        int current = versions.currentVersion(subject);
        if (current == 1 && !data.containsKey(DataVersions.VERSION_ENTRY)) {
            @SuppressWarnings("unchecked")
            Map<String, Object> same = (Map<String, Object>) data;
            return same;
        }
        RecordMap.Builder stamped = RecordMap.builder(data.size() + 1);
        data.forEach((name, value) -> {
            if (!name.equals(DataVersions.VERSION_ENTRY)) {
                stamped.put(name, value);
            }
        });
        if (current > 1) {
            stamped.put(DataVersions.VERSION_ENTRY, current);
        }
        return stamped.build();
    }
}
