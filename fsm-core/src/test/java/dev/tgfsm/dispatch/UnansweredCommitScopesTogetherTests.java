package dev.tgfsm.dispatch;

/**
 * {@link UnansweredCommitScopesTests} with the scope writes and the clearing in one atomic write
 * ({@code FsmStorage.saveTogether}), as on standalone Redis, SQL and in memory: a fault on the
 * scope write or on the clearing strikes that one write, which is then applied whole or not at all,
 * so an operation is never applied without being cleared there; only the next unit of work's own
 * finishing (before its handler reads the scope) applies one apart from its clearing.
 */
class UnansweredCommitScopesTogetherTests extends UnansweredCommitScopesTests {

    @Override
    boolean together() {
        return true;
    }
}
