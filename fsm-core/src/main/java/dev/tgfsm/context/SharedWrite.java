package dev.tgfsm.context;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Consumer;

import dev.tgfsm.key.StorageKey;
import dev.tgfsm.storage.FsmRecord;
import dev.tgfsm.storage.FsmStorage;
import dev.tgfsm.storage.WriteBatch;

/**
 * The units of work of several conversations run with one load of their main records
 * ({@link FsmStorage#loadAll}) and one write of their changes ({@link FsmStorage#saveEach}),
 * without their locks ({@link FsmContexts#inOneWrite}). Each conversation's batch is
 * version-checked on its own; its outbox sends, and its after-commit work runs, only when its batch
 * was written.
 */
final class SharedWrite {

    private SharedWrite() {
    }

    /**
     * Runs the work on each conversation and writes their changes together.
     *
     * @param storage the storage
     * @param keys any keys of the conversations
     * @param begin begins the unit of work of a conversation on its loaded main record
     * @param work reads and changes each conversation's unit of work
     * @return the conversations not written, with why; empty when all were
     */
    static Map<StorageKey, RuntimeException> run(FsmStorage storage, List<StorageKey> keys,
            BiFunction<StorageKey, FsmRecord, FsmTransaction> begin, Consumer<? super FsmTransaction> work) {
        List<StorageKey> mains = keys.stream().map(k -> k.withDestiny(StorageKey.DEFAULT_DESTINY)).distinct().toList();
        if (mains.isEmpty()) {
            return Map.of();
        }
        Map<StorageKey, FsmRecord> loaded = storage.loadAll(mains);
        Map<StorageKey, RuntimeException> failed = new LinkedHashMap<>();
        List<FsmTransaction> writing = new ArrayList<>(mains.size());
        List<TransactionCommit.SharedPart> parts = new ArrayList<>(mains.size());
        List<WriteBatch> batches = new ArrayList<>(mains.size());
        for (StorageKey main : mains) {
            FsmTransaction tx = begin.apply(main, loaded.getOrDefault(main, FsmRecord.EMPTY));
            try {
                work.accept(tx);
                TransactionCommit.SharedPart part = tx.prepareShared();
                if (part.writes().isEmpty()) {
                    tx.sharedWriteDone(part, null);
                    tx.close();
                    continue;
                }
                writing.add(tx);
                parts.add(part);
                batches.add(new WriteBatch(part.writes(), null, null));
            }
            catch (RuntimeException ex) {
                failed.put(main, ex);
                tx.close();
            }
        }
        List<RuntimeException> outcomes;
        try {
            outcomes = batches.isEmpty() ? List.of() : storage.saveEach(batches);
        }
        catch (RuntimeException ex) {
            outcomes = Collections.nCopies(batches.size(), ex);
        }
        for (int i = 0; i < writing.size(); i++) {
            FsmTransaction tx = writing.get(i);
            RuntimeException failure = outcomes.get(i);
            tx.sharedWriteDone(parts.get(i), failure);
            tx.close();
            if (failure != null) {
                failed.put(tx.key(), failure);
            }
        }
        return failed;
    }
}
