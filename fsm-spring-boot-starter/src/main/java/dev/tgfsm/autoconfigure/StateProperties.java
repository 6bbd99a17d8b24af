package dev.tgfsm.autoconfigure;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;

import dev.tgfsm.flow.CorruptRecordPolicy;
import dev.tgfsm.flow.CorruptRecords;
import dev.tgfsm.flow.UnknownStatePolicy;

/**
 * Stored states ({@code tgfsm.states.*}): aliases for renamed states, the policy for states of flows
 * that no longer exist, and what happens to records that cannot be decoded, so old records never
 * trap a user.
 */
@ConfigurationProperties("tgfsm.states")
public class StateProperties {

    /**
     * Old state ids mapped to new ones, applied to a conversation's state before its update is
     * handled, for example {@code Registration:MAIL=Registration:EMAIL}.
     */
    private Map<String, String> aliases = new LinkedHashMap<>();

    /**
     * What to do with a state that names a known flow but a node it no longer has: reset (clear
     * the state and tell the user), keep, or route (let the handlers decide).
     */
    private UnknownStatePolicy unknownPolicy = UnknownStatePolicy.RESET;

    /** Records that cannot be decoded. */
    private final Corrupt corrupt = new Corrupt();

    /**
     * Returns the aliases.
     *
     * @return old id to new id
     */
    public Map<String, String> getAliases() {
        return this.aliases;
    }

    /**
     * Sets the aliases.
     *
     * @param aliases old id to new id
     */
    public void setAliases(Map<String, String> aliases) {
        this.aliases = aliases;
    }

    /**
     * Returns the policy for unknown flow nodes.
     *
     * @return the policy
     */
    public UnknownStatePolicy getUnknownPolicy() {
        return this.unknownPolicy;
    }

    /**
     * Sets the policy for unknown flow nodes.
     *
     * @param unknownPolicy the policy
     */
    public void setUnknownPolicy(UnknownStatePolicy unknownPolicy) {
        this.unknownPolicy = unknownPolicy;
    }

    /**
     * Returns what happens to records that cannot be decoded.
     *
     * @return the corrupt-record settings
     */
    public Corrupt getCorrupt() {
        return this.corrupt;
    }

    /**
     * What happens to a conversation whose stored record cannot be decoded (after the raw record is
     * logged once at WARN with its key).
     */
    public static class Corrupt {

        /**
         * RESET deletes the conversation's records without decoding them, tells the user the reset
         * notice and handles the update on the fresh record; KEEP keeps the record and routes the
         * update to the application's CorruptRecordHandler bean (by default the keep notice). /reset
         * deletes such a record under both.
         */
        private CorruptRecordPolicy policy = CorruptRecordPolicy.RESET;

        /** What the user is told after a reset; empty to say nothing. */
        private String resetNotice = CorruptRecords.DEFAULT_RESET_NOTICE;

        /** What the user is told under KEEP when the application has no CorruptRecordHandler; empty to say nothing. */
        private String keepNotice = CorruptRecords.DEFAULT_KEEP_NOTICE;

        /**
         * Returns the policy.
         *
         * @return the policy
         */
        public CorruptRecordPolicy getPolicy() {
            return this.policy;
        }

        /**
         * Sets the policy.
         *
         * @param policy the policy
         */
        public void setPolicy(CorruptRecordPolicy policy) {
            this.policy = policy;
        }

        /**
         * Returns the reset notice.
         *
         * @return the text, or empty
         */
        public String getResetNotice() {
            return this.resetNotice;
        }

        /**
         * Sets the reset notice.
         *
         * @param resetNotice the text, or empty
         */
        public void setResetNotice(String resetNotice) {
            this.resetNotice = resetNotice;
        }

        /**
         * Returns the keep notice.
         *
         * @return the text, or empty
         */
        public String getKeepNotice() {
            return this.keepNotice;
        }

        /**
         * Sets the keep notice.
         *
         * @param keepNotice the text, or empty
         */
        public void setKeepNotice(String keepNotice) {
            this.keepNotice = keepNotice;
        }
    }
}
