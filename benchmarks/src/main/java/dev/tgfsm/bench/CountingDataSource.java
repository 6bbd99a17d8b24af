package dev.tgfsm.bench;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicLong;

import javax.sql.DataSource;

/**
 * Wraps a data source and counts what reaches the database: executed statements, and commits and
 * rollbacks of manual transactions (each a round trip too).
 */
final class CountingDataSource {

    final AtomicLong statements = new AtomicLong();

    final AtomicLong commits = new AtomicLong();

    private final DataSource target;

    CountingDataSource(DataSource target) {
        this.target = target;
    }

    long total() {
        return statements.get() + commits.get();
    }

    void reset() {
        statements.set(0);
        commits.set(0);
    }

    DataSource dataSource() {
        return proxy(DataSource.class, target, (method, result) -> method.equals("getConnection")
                ? proxy(Connection.class, result, this::connection) : result);
    }

    private Object connection(String method, Object result) {
        if (method.equals("commit") || method.equals("rollback")) {
            commits.incrementAndGet();
        }
        if (result instanceof Statement statement) {
            Class<?> type = result instanceof java.sql.PreparedStatement ? java.sql.PreparedStatement.class
                    : Statement.class;
            return proxy(type, statement, (m, r) -> {
                if (m.startsWith("execute")) {
                    statements.incrementAndGet();
                }
                return r;
            });
        }
        return result;
    }

    private interface After {
        Object apply(String method, Object result);
    }

    private static <T> T proxy(Class<T> type, Object target, After after) {
        InvocationHandler handler = (p, method, args) -> {
            try {
                Object result = method.invoke(target, args);
                return after.apply(method.getName(), result);
            }
            catch (InvocationTargetException ex) {
                throw ex.getCause();
            }
        };
        return type.cast(Proxy.newProxyInstance(CountingDataSource.class.getClassLoader(), new Class<?>[]{type},
                handler));
    }
}
