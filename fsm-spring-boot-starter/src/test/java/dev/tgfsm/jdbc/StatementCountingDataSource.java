package dev.tgfsm.jdbc;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.sql.DataSource;

/**
 * A {@link DataSource} wrapper that records every statement executed through it (the SQL text of
 * each {@code execute*} call) and counts transaction control calls ({@code commit},
 * {@code rollback}, {@code setAutoCommit}) separately, for tests that prove round-trip budgets.
 */
final class StatementCountingDataSource {

    private static final Pattern WRITE = Pattern.compile(
            "(?i)\\b(?:INSERT(?: IGNORE)? INTO|DELETE FROM|MERGE INTO)\\s+(\\w+)|(?<!KEY )\\bUPDATE\\s+(?!SET\\b)(\\w+)");

    private final DataSource target;

    private final List<String> statements = Collections.synchronizedList(new ArrayList<>());

    private final AtomicInteger commits = new AtomicInteger();

    private final AtomicInteger rollbacks = new AtomicInteger();

    private final AtomicInteger autoCommitChanges = new AtomicInteger();

    private final DataSource proxy;

    StatementCountingDataSource(DataSource target) {
        this.target = target;
        this.proxy = (DataSource) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[]{DataSource.class},
                (p, method, args) -> {
                    Object result = invoke(target, method, args);
                    return result instanceof Connection c ? connection(c) : result;
                });
    }

    DataSource dataSource() {
        return proxy;
    }

    /** Forgets everything counted so far. */
    void reset() {
        statements.clear();
        commits.set(0);
        rollbacks.set(0);
        autoCommitChanges.set(0);
    }

    List<String> statements() {
        synchronized (statements) {
            return List.copyOf(statements);
        }
    }

    /**
     * The statements that change a table: an insert, update, delete or merge, alone or folded with
     * others into one statement (a PostgreSQL {@code WITH w AS (UPDATE ...)}, an H2
     * {@code SELECT ... FROM FINAL TABLE (UPDATE ...)}).
     */
    List<String> writes() {
        return statements().stream().filter(sql -> !writtenTables(sql).isEmpty()).toList();
    }

    /** The statements that write a table other than the lock table. */
    List<String> recordWrites(String lockTable) {
        return writes().stream().filter(sql -> writtenTables(sql).stream().anyMatch(t -> !t.equals(lockTable)))
                .toList();
    }

    /** The tables a statement changes, by the targets of its inserts, updates, deletes and merges. */
    static List<String> writtenTables(String sql) {
        List<String> tables = new ArrayList<>();
        Matcher m = WRITE.matcher(sql);
        while (m.find()) {
            tables.add(m.group(1) != null ? m.group(1) : m.group(2));
        }
        return tables;
    }

    int commits() {
        return commits.get();
    }

    int rollbacks() {
        return rollbacks.get();
    }

    int autoCommitChanges() {
        return autoCommitChanges.get();
    }

    String summary() {
        return statements().size() + " statements " + statements() + ", " + commits() + " commits, " + rollbacks()
                + " rollbacks, " + autoCommitChanges() + " auto-commit switches";
    }

    private Connection connection(Connection real) {
        InvocationHandler handler = (p, method, args) -> {
            switch (method.getName()) {
                case "commit" -> commits.incrementAndGet();
                case "rollback" -> rollbacks.incrementAndGet();
                case "setAutoCommit" -> autoCommitChanges.incrementAndGet();
                default -> {
                }
            }
            Object result = invoke(real, method, args);
            if (result instanceof PreparedStatement ps && method.getName().startsWith("prepare")) {
                return statement(ps, PreparedStatement.class, (String) args[0]);
            }
            if (result instanceof Statement st && method.getName().equals("createStatement")) {
                return statement(st, Statement.class, null);
            }
            return result;
        };
        return (Connection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[]{Connection.class},
                handler);
    }

    private Object statement(Statement real, Class<? extends Statement> type, String preparedSql) {
        InvocationHandler handler = (p, method, args) -> {
            if (method.getName().startsWith("execute")) {
                String sql = args != null && args.length > 0 && args[0] instanceof String text ? text : preparedSql;
                String verb = sql.strip().toUpperCase(Locale.ROOT);
                // SQLite's transaction control is SQL text (BEGIN IMMEDIATE, COMMIT): counted as such, not as statements
                if (verb.startsWith("BEGIN")) {
                    autoCommitChanges.incrementAndGet();
                }
                else if (verb.startsWith("COMMIT")) {
                    commits.incrementAndGet();
                }
                else if (verb.startsWith("ROLLBACK")) {
                    rollbacks.incrementAndGet();
                }
                else {
                    statements.add(sql);
                }
            }
            return invoke(real, method, args);
        };
        return Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[]{type}, handler);
    }

    private static Object invoke(Object target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        }
        catch (InvocationTargetException ex) {
            throw ex.getCause();
        }
    }
}
