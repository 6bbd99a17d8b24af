package dev.tgfsm.jdbc;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.LongSupplier;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

import dev.tgfsm.key.Glob;
import dev.tgfsm.key.KeyRenderer;
import dev.tgfsm.key.StorageKey;

/**
 * The lazy key listing of {@link JdbcFsmStorage#listKeys}: pages of at most
 * {@link JdbcFsmStorage#LIST_BATCH_SIZE} keys, each fetched by one query on its own connection that
 * narrows by {@code LIKE} on the pattern's literal prefix (wildcards escaped) and continues after the
 * last key seen, then filtered exactly by the glob. No connection is held between pages.
 */
final class JdbcKeyIterator implements Iterator<StorageKey> {

    private final JdbcTransactions transactions;

    private final KeyRenderer renderer;

    private final Glob glob;

    private final String like;

    private final LongSupplier clock;

    private final ArrayDeque<StorageKey> page = new ArrayDeque<>();

    private String after = "";

    private boolean exhausted;

    private JdbcKeyIterator(JdbcTransactions transactions, KeyRenderer renderer, String pattern, LongSupplier clock) {
        this.transactions = transactions;
        this.renderer = renderer;
        this.glob = Glob.of(pattern);
        this.like = JdbcSql.likePrefix(glob.literalPrefix());
        this.clock = clock;
    }

    static Stream<StorageKey> stream(JdbcTransactions transactions, KeyRenderer renderer, String pattern,
            LongSupplier clock) {
        Iterator<StorageKey> iterator = new JdbcKeyIterator(transactions, renderer, pattern, clock);
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(iterator,
                Spliterator.ORDERED | Spliterator.DISTINCT | Spliterator.NONNULL), false);
    }

    @Override
    public boolean hasNext() {
        while (page.isEmpty() && !exhausted) {
            fetch();
        }
        return !page.isEmpty();
    }

    @Override
    public StorageKey next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        return page.poll();
    }

    private void fetch() {
        long now = clock.getAsLong();
        List<String> keys = transactions.run("listing keys", false, (c, sql) -> {
            List<String> found = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(sql.listKeys)) {
                ps.setString(1, like);
                ps.setString(2, after);
                ps.setLong(3, now);
                ps.setInt(4, JdbcFsmStorage.LIST_BATCH_SIZE);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        found.add(rs.getString(1));
                    }
                }
            }
            return found;
        });
        exhausted = keys.size() < JdbcFsmStorage.LIST_BATCH_SIZE;
        for (String key : keys) {
            after = key;
            if (glob.matches(key)) {
                try {
                    page.add(renderer.parseCanonical(key));
                }
                catch (IllegalArgumentException ex) {
                    // a row not written by tgfsm; it has no key to report
                }
            }
        }
    }
}
